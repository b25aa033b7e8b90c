/**
 * SFTP file sources for scheduled jobs: {@link dev.rollcall.sftp.SftpFileSource} reads a
 * fixed (possibly dated) file or takes a folder's files from an SFTP server, over Apache
 * MINA SSHD, checking the server's host key against a known hosts file.
 */
module dev.rollcall.sftp {
    requires transitive dev.rollcall.spi;
    requires org.apache.sshd.osgi;
    requires org.apache.sshd.sftp;
    requires org.slf4j;

    exports dev.rollcall.sftp;
}
