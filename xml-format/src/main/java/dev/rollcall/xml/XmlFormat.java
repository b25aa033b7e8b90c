package dev.rollcall.xml;

import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadColumns;
import dev.rollcall.spi.UploadFormat;
import dev.rollcall.xml.internal.UserLayout;
import dev.rollcall.xml.internal.UserRowReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Set;

/**
 * Reads XML user upload files: a {@code <users>} element in the namespace {@link #NAMESPACE}
 * holding one {@code <user>} element per user, whose child elements are named after the
 * host's fields ({@code <username>}, {@code <email>}, {@code <costCenter>} …), the directives
 * of {@link UploadColumns#SINGLE} ({@code <oldUsername>}, {@code <employeeStatus>} …), and a
 * {@code <memberships>} element of {@code <cohort>}, {@code <course>}, {@code <program>} and
 * {@code <sysrole>} elements. {@code docs/XML-FORMAT.md} describes it in full;
 * {@link XmlTemplates} writes its XSD and an example.
 *
 * <p>What it promises, the same as CSV:
 * <ul>
 *   <li>rows have fixed {@link RowReader#columns() columns}, known when the reader opens: the
 *       schema's fields in schema order, then {@link UploadColumns#SINGLE}, then the numbered
 *       membership columns up to {@link #maxPerKind()} of each kind ({@code cohort1 …},
 *       {@code course1, role1, group1, enrolStatus1, enrolStart1, enrolEnd1, course2 …},
 *       {@code program1 …}, {@code sysrole1 …}); memberships fill them in order of appearance;</li>
 *   <li>an absent element is a blank value ({@code null}: keep the stored value); an empty
 *       element ({@code <email/>}, or only whitespace) is an explicit empty value ({@code ""}:
 *       erase, when the plan erases on empty values); any other value is its text without
 *       surrounding whitespace, never converted ({@code 00123} stays {@code 00123});</li>
 *   <li>each row carries the line of its {@code <user>} start tag;
 *       {@link RowReader#headerLine()} is 0;</li>
 *   <li>every rule of the XSD is checked as the file streams by: a {@code <user>} that breaks
 *       one becomes a row with an error ({@link dev.rollcall.spi.Codes#SCHEMA_VIOLATION}, or
 *       {@link dev.rollcall.spi.Codes#UNKNOWN_COLUMN} for an element that is no field), naming
 *       the element, the rule, its line and column, and never the value; the rest of the file
 *       goes on;</li>
 *   <li>the file as a whole is refused ({@link dev.rollcall.spi.UploadFileException}, with line
 *       and column) when it is empty, not well-formed, has another root element, holds bytes
 *       invalid in its encoding, or declares a DTD ({@link dev.rollcall.spi.Codes#XML_DTD_FORBIDDEN}):
 *       no DTD, external entity or external resource is ever read, whatever any system
 *       property says.</li>
 * </ul>
 * Reading streams: only the current {@code <user>} is in memory, so a file of a million users
 * reads in constant memory.
 *
 * <p>Immutable and thread-safe; every {@link #open} returns an independent reader. The
 * no-argument constructor (used by {@link java.util.ServiceLoader}) allows
 * {@value #DEFAULT_MAX_PER_KIND} memberships of each kind and values of up to 1 MiB.
 */
public final class XmlFormat implements UploadFormat {

    /** The namespace of Rollcall user files, version 1. */
    public static final String NAMESPACE = UserRowReader.NAMESPACE;
    /** The default of {@link #maxPerKind()}. */
    public static final int DEFAULT_MAX_PER_KIND = 20;
    /** The default of {@link #maxValueLength()}. */
    public static final int DEFAULT_MAX_VALUE_LENGTH = 1 << 20;

    private static final UserLayout STANDARD = UserLayout.of(FieldSchema.standard(), DEFAULT_MAX_PER_KIND);

    private final int maxPerKind;
    private final int maxValueLength;

    /** The format with default settings: the one {@link java.util.ServiceLoader} finds. */
    public XmlFormat() {
        this(DEFAULT_MAX_PER_KIND, DEFAULT_MAX_VALUE_LENGTH);
    }

    private XmlFormat(int maxPerKind, int maxValueLength) {
        this.maxPerKind = maxPerKind;
        this.maxValueLength = maxValueLength;
    }

    /** @return the format with default settings */
    public static XmlFormat defaults() {
        return new XmlFormat();
    }

    /** @return a builder starting from the default settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most memberships of each kind (cohorts, courses, programs, system roles) one user may list */
    public int maxPerKind() {
        return maxPerKind;
    }

    /** @return the longest run of characters without markup (so the longest value) a file may hold */
    public int maxValueLength() {
        return maxValueLength;
    }

    @Override
    public String name() {
        return "xml";
    }

    @Override
    public Set<String> fileSuffixes() {
        return Set.of(".xml");
    }

    /**
     * Reads a file against the standard fields ({@link FieldSchema#standard()}).
     *
     * @see #open(InputStream, FieldSchema)
     */
    @Override
    public RowReader open(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        return new UserRowReader(in, maxPerKind == DEFAULT_MAX_PER_KIND ? STANDARD
                : UserLayout.of(FieldSchema.standard(), maxPerKind), maxValueLength);
    }

    /**
     * Reads a file against the host's fields: each field of {@code schema} is an element of
     * {@code <user>}.
     *
     * @throws IllegalArgumentException when a field's name is taken by a directive column
     *                                  ({@code deleted}, {@code course1} …) or by {@code memberships}
     */
    @Override
    public RowReader open(InputStream in, FieldSchema schema) throws IOException {
        Objects.requireNonNull(in, "in must not be null");
        Objects.requireNonNull(schema, "schema must not be null");
        UserLayout layout = schema.equals(FieldSchema.standard()) && maxPerKind == DEFAULT_MAX_PER_KIND ? STANDARD
                : UserLayout.of(schema, maxPerKind);
        return new UserRowReader(in, layout, maxValueLength);
    }

    /**
     * Writes a user file in this format (UTF-8), as {@link XmlUserWriter} does: error files of
     * rejected XML rows come back as XML, their {@code errors} element ignored on upload.
     */
    @Override
    public dev.rollcall.spi.RowWriter writer(java.io.OutputStream out, java.util.List<String> columns) {
        XmlUserWriter w = XmlUserWriter.of(out, columns);
        return new dev.rollcall.spi.RowWriter() {
            @Override
            public void write(java.util.List<String> values) {
                w.writeRow(values);
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    @Override
    public String toString() {
        return "XmlFormat[maxPerKind=" + maxPerKind + ", maxValueLength=" + maxValueLength + "]";
    }

    /** Builds an {@link XmlFormat}; not thread-safe, reusable. */
    public static final class Builder {
        private int maxPerKind = DEFAULT_MAX_PER_KIND;
        private int maxValueLength = DEFAULT_MAX_VALUE_LENGTH;

        private Builder() {
        }

        /**
         * @param value the most memberships of each kind one user may list, 1 to 999 (default
         *              {@value XmlFormat#DEFAULT_MAX_PER_KIND}); more rejects the user's row.
         *              Each kind adds this many numbered columns (courses six times as many).
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxPerKind(int value) {
            if (value < 1 || value > 999) {
                throw new IllegalArgumentException("maxPerKind must be between 1 and 999: " + value);
            }
            this.maxPerKind = value;
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
        public XmlFormat build() {
            return new XmlFormat(maxPerKind, maxValueLength);
        }
    }
}
