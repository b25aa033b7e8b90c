package dev.rollcall.core;

import dev.rollcall.spi.Decoder;

import java.io.InputStream;
import java.util.Set;

/**
 * Installed for core's tests (META-INF/services) in place of the pgp module, which registers
 * the names of PGP files the same way: it takes their suffixes and accepts no file. Core itself
 * knows no suffix of an encoded file.
 */
public final class PgpNamesStandIn implements Decoder {

    /** For {@link java.util.ServiceLoader}. */
    public PgpNamesStandIn() {
    }

    @Override
    public String name() {
        return "pgp";
    }

    @Override
    public boolean accepts(String fileName, byte[] head) {
        return false;
    }

    @Override
    public Set<String> fileSuffixes() {
        return Set.of(".pgp", ".gpg", ".asc");
    }

    @Override
    public String decodedName(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    @Override
    public InputStream decode(InputStream encoded) {
        throw new UnsupportedOperationException("names only");
    }
}
