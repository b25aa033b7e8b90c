/**
 * Rollcall's engine: reads an upload through an {@link dev.rollcall.spi.UploadFormat},
 * validates and matches each row, plans every change, and applies the plan through the
 * host's {@link dev.rollcall.spi.UserRepository}. Start at {@link dev.rollcall.core.UploadPlan#builder()}.
 */
module dev.rollcall.core {
    requires transitive dev.rollcall.spi;
    requires org.slf4j;

    exports dev.rollcall.core;

    uses dev.rollcall.spi.UploadFormat;
    uses dev.rollcall.spi.Decoder;
}
