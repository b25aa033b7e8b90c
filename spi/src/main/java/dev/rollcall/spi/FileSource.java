package dev.rollcall.spi;

/**
 * Where a scheduled upload finds its files: one fixed file, a watched folder, an SFTP
 * server. Implementations are provided by the host or by Rollcall's modules.
 *
 * <p>This contract is deliberately minimal until scheduled feeds arrive; it names the
 * source so jobs and reports can refer to it.
 */
public interface FileSource {

    /** @return a description for logs and reports, without credentials */
    String describe();
}
