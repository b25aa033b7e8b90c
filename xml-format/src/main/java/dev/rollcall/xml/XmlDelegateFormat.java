package dev.rollcall.xml;

import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.xml.internal.DelegateRowReader;
import dev.rollcall.xml.internal.UserRowReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads XML delegate upload files (seeds 002 and 004): for each user, named by external id,
 * the users who may act on the user's behalf.
 * <pre>{@code
 * <delegates xmlns="https://rollcall.dev/xml/delegates/1">
 *   <user externalId="HR-000123">
 *     <delegate>HR-000456</delegate>
 *     <delegate>HR-000789</delegate>
 *   </user>
 * </delegates>
 * }</pre>
 * Each {@code <user>} becomes a row of the columns {@code externalId, delegate1 …
 * delegateN}, N being {@link #maxDelegates()}; delegates fill them in order of appearance. A
 * user listing more delegates, a missing or empty {@code externalId}, an empty
 * {@code <delegate>} or an unknown element rejects that user's row; the file as a whole is
 * refused on the same grounds as {@link XmlFormat} (not well-formed, a DTD, another root
 * element, bytes invalid in its encoding). {@link XmlTemplates#delegateXsd()} is its XSD.
 *
 * <p><b>Not chosen by file name.</b> {@link #fileSuffixes()} is empty: a delegate file ends
 * in {@code .xml} like a user file, and a delegate upload is a different job that the host
 * (or the {@code rollcall} command) chooses on purpose, by the name {@code xml-delegates}.
 * Claiming {@code .xml} too would make every {@code .xml} file ambiguous. A user file given to
 * this format, or a delegate file given to {@link XmlFormat}, is refused with a message that
 * names the right format.
 *
 * <p>Immutable and thread-safe; every {@link #open} returns an independent reader. The
 * no-argument constructor (used by {@link java.util.ServiceLoader}) allows
 * {@value #DEFAULT_MAX_DELEGATES} delegates per user.
 */
public final class XmlDelegateFormat implements UploadFormat {

    /** The namespace of Rollcall delegate files, version 1. */
    public static final String NAMESPACE = UserRowReader.DELEGATES_NAMESPACE;
    /** The default of {@link #maxDelegates()}. */
    public static final int DEFAULT_MAX_DELEGATES = 50;

    private final int maxDelegates;
    private final int maxValueLength;

    /** The format with default settings: the one {@link java.util.ServiceLoader} finds. */
    public XmlDelegateFormat() {
        this(DEFAULT_MAX_DELEGATES, XmlFormat.DEFAULT_MAX_VALUE_LENGTH);
    }

    private XmlDelegateFormat(int maxDelegates, int maxValueLength) {
        this.maxDelegates = maxDelegates;
        this.maxValueLength = maxValueLength;
    }

    /** @return the format with default settings */
    public static XmlDelegateFormat defaults() {
        return new XmlDelegateFormat();
    }

    /** @return a builder starting from the default settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most delegates one user may list */
    public int maxDelegates() {
        return maxDelegates;
    }

    /** @return the longest run of characters without markup a file may hold */
    public int maxValueLength() {
        return maxValueLength;
    }

    /** @return the columns of this format's rows: {@code externalId, delegate1 … delegateN} */
    public List<String> columns() {
        return DelegateRowReader.columns(maxDelegates);
    }

    @Override
    public String name() {
        return "xml-delegates";
    }

    /** @return no suffixes: the format is chosen by name, never by file name (see the class comment) */
    @Override
    public Set<String> fileSuffixes() {
        return Set.of();
    }

    @Override
    public RowReader open(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        return new DelegateRowReader(in, maxDelegates, maxValueLength);
    }

    /** Reads a file; the schema plays no part, as delegate files hold only external ids. */
    @Override
    public RowReader open(InputStream in, FieldSchema schema) throws IOException {
        Objects.requireNonNull(schema, "schema must not be null");
        return open(in);
    }

    @Override
    public String toString() {
        return "XmlDelegateFormat[maxDelegates=" + maxDelegates + ", maxValueLength=" + maxValueLength + "]";
    }

    /** Builds an {@link XmlDelegateFormat}; not thread-safe, reusable. */
    public static final class Builder {
        private int maxDelegates = DEFAULT_MAX_DELEGATES;
        private int maxValueLength = XmlFormat.DEFAULT_MAX_VALUE_LENGTH;

        private Builder() {
        }

        /**
         * @param value the most delegates one user may list, 1 to 9999 (default
         *              {@value XmlDelegateFormat#DEFAULT_MAX_DELEGATES}); more rejects the user's row
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxDelegates(int value) {
            if (value < 1 || value > 9999) {
                throw new IllegalArgumentException("maxDelegates must be between 1 and 9999: " + value);
            }
            this.maxDelegates = value;
            return this;
        }

        /**
         * @param value the longest run of characters without markup a file may hold, at least 16
         *              (default 1,048,576); a longer one refuses the file
         * @throws IllegalArgumentException when smaller than 16
         */
        public Builder maxValueLength(int value) {
            if (value < 16) {
                throw new IllegalArgumentException("maxValueLength must be at least 16: " + value);
            }
            this.maxValueLength = value;
            return this;
        }

        /** @return the format */
        public XmlDelegateFormat build() {
            return new XmlDelegateFormat(maxDelegates, maxValueLength);
        }
    }
}
