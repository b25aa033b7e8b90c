/**
 * The contracts between Rollcall and the code around it: what a host implements
 * ({@link dev.rollcall.spi.UserRepository}, {@link dev.rollcall.spi.Notifier},
 * {@link dev.rollcall.spi.FileSource}), what a format or decoder provides
 * ({@link dev.rollcall.spi.UploadFormat}, {@link dev.rollcall.spi.Decoder}), and the
 * immutable values they exchange. This module depends on nothing but the JDK.
 */
module dev.rollcall.spi {
    exports dev.rollcall.spi;
}
