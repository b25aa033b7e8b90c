package dev.rollcall.xml;

import dev.rollcall.spi.FieldDefinition;
import dev.rollcall.spi.FieldSchema;
import dev.rollcall.spi.FieldType;
import dev.rollcall.spi.Problem;
import dev.rollcall.spi.RowReader;
import dev.rollcall.spi.UploadRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader checks exactly the rules of the XSD that {@link XmlTemplates} generates: for
 * generated users (valid, and broken in every way the format knows), the reader rejects the row
 * if and only if the JDK's XSD validator, running the generated XSD, finds the user invalid.
 * This is what lets the reader validate while streaming, without running an XSD validator, and
 * still promise "XSD validation".
 */
class XsdEquivalenceProperties {

    private static final int CAP = 2;

    static final FieldSchema SCHEMA = FieldSchema.standard().with(
            FieldDefinition.builder("costCenter").custom(true).maxLength(6).build(),
            FieldDefinition.builder("hireDate").custom(true).type(FieldType.DATE).build(),
            FieldDefinition.builder("grade").custom(true).allowedValues("A1", "B2", "c.3").build(),
            FieldDefinition.builder("onCall").custom(true).type(FieldType.BOOLEAN).build(),
            FieldDefinition.builder("badge").custom(true).type(FieldType.IDENTIFIER).fixedLength(6).build(),
            FieldDefinition.builder("salary").custom(true).type(FieldType.DECIMAL).maxLength(6).build(),
            FieldDefinition.builder("visits").custom(true).type(FieldType.INTEGER).build(),
            FieldDefinition.builder("initial").custom(true).maxLength(1).build(),
            FieldDefinition.builder("flag").custom(true).fixedLength(1).build(),
            FieldDefinition.builder("pair").custom(true).fixedLength(2).build());

    private static final Schema XSD = compile(XmlTemplates.xsd(SCHEMA, CAP));
    private static final XmlFormat FORMAT = XmlFormat.builder().maxPerKind(CAP).build();

    private static final List<String> FIELDS = SCHEMA.fields().stream().map(FieldDefinition::name).toList();
    private static final List<String> DIRECTIVES = dev.rollcall.spi.UploadColumns.SINGLE;

    /** Values as XML snippets: valid and invalid for the various rules, whitespace, markup. */
    private static final List<String> VALUES = List.of("", " ", "\n\t ", "x", "jdoe", "00123", "  padded  ",
            "5551234567", " 5551234567 ", "555-123-4567", "555123456", "USA", "usa", "Canada", "CA",
            "2024-02-29", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2024-1-5", " 2024-03-01\n",
            "2024-13-01", "2024-03-01Z", "A1", "a1", "b2", "B2 ", "C.3", "c3", "C", "yes", "Y", "nO", "TRUE", "maybe",
            "12.50", "12,50", "-1", "+7", "7.0", "1e5", ".5", "123456", "1234567", "a@b", "a b@c", "@", "x@y@z",
            "jdoe@example.com", "\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00", "ab\uD83D\uDE00def", "abcdef", "abcdefg",
            "line\nbreak", "&amp;", "a&lt;b", "<![CDATA[ x ]]>", "<![CDATA[]]>", "a<!--c-->b", "<!--c-->", "&#x20;",
            "A", "D", "d", "Z", "1", "0", "ACTIVE", "inactive", "FACILITY", "3", "caf\u00e9", "\u00a0x\u00a0");

    /** One child per user: any disagreement is the rule of that one element. */
    @Property(tries = 1500)
    void readerRejectsUserOfOneElement_exactlyWhenXsdValidatorDoes(@ForAll("singleChild") String user)
            throws IOException {
        checkSameVerdict(user);
    }

    /** Several children: duplicates, order of memberships, several problems at once. */
    @Property(tries = 700)
    void readerRejectsUser_exactlyWhenXsdValidatorDoes(@ForAll("users") String user) throws IOException {
        checkSameVerdict(user);
    }

    private static void checkSameVerdict(String user) throws IOException {
        String document = "<users xmlns=\"" + XmlFormat.NAMESPACE + "\">\n" + user + "\n</users>\n";
        List<String> xsdErrors = validate(document);
        UploadRow row;
        try (RowReader reader = FORMAT.open(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), SCHEMA)) {
            row = reader.next();
            assertNotNull(row, "one user, one row");
            assertNull(reader.next(), "one user, one row");
        }
        List<String> ours = row.problems().stream().map(Problem::message).toList();
        Statistics.label("verdict").collect(xsdErrors.isEmpty() ? "valid" : "invalid");
        assertEquals(!xsdErrors.isEmpty(), row.hasErrors(), () -> "document:\n" + document
                + "\nXSD validator: " + xsdErrors + "\nreader: " + ours);
    }

    @Example
    void generatedXsd_isUsedWithTheCapOfTheFormat() {
        assertTrue(XmlTemplates.xsd(SCHEMA, CAP).contains("maxOccurs=\"" + CAP + "\""));
    }

    @Provide
    Arbitrary<String> singleChild() {
        return children().map(c -> "<user>" + c + "</user>");
    }

    @Provide
    Arbitrary<String> users() {
        Arbitrary<String> userAttribute = Arbitraries.of("", "", "", "", " id=\"1\"",
                " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:a b\"");
        return net.jqwik.api.Combinators.combine(userAttribute, children().list().ofMaxSize(6))
                .as((a, children) -> "<user" + a + ">" + String.join("\n", children) + "</user>");
    }

    private Arbitrary<String> children() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.strings()
                .withChars("ab1 \t\n-.@\u00e9").ofMaxLength(8).map(XsdEquivalenceProperties::escape));
        Arbitrary<String> fieldName = Arbitraries.of(FIELDS);
        Arbitrary<String> field = fieldName.flatMap(n -> Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, typical(n)), net.jqwik.api.Tuple.of(1, value))
                .map(v -> "<" + n + ">" + v + "</" + n + ">"));
        Arbitrary<String> emptyField = fieldName.map(n -> "<" + n + "/>");
        Arbitrary<String> directive = net.jqwik.api.Combinators.combine(Arbitraries.of(DIRECTIVES), value)
                .as((n, v) -> "<" + n + ">" + v + "</" + n + ">");
        Arbitrary<String> withAttribute = fieldName.map(n -> "<" + n + " lang=\"en\">x</" + n + ">");
        Arbitrary<String> withChild = fieldName.map(n -> "<" + n + ">a<b>c</b></" + n + ">");
        Arbitrary<String> unknown = Arbitraries.of("<nickname>x</nickname>", "<user/>", "<Email>x</Email>",
                "<x:email xmlns:x=\"urn:other\">a@b</x:email>", "<email xmlns=\"\">a@b</email>");
        Arbitrary<String> text = Arbitraries.of("junk", " ", "<!-- comment -->", "<?pi data?>", "<![CDATA[ ]]>");
        Arbitrary<String> memberships = memberships(value);
        Arbitrary<String> child = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, field),
                net.jqwik.api.Tuple.of(4, emptyField),
                net.jqwik.api.Tuple.of(6, directive),
                net.jqwik.api.Tuple.of(2, withAttribute),
                net.jqwik.api.Tuple.of(2, withChild),
                net.jqwik.api.Tuple.of(2, unknown),
                net.jqwik.api.Tuple.of(2, text),
                net.jqwik.api.Tuple.of(6, memberships));
        return child;
    }

    /** Values near the edges of the rule of one field. */
    private static Arbitrary<String> typical(String name) {
        FieldDefinition f = SCHEMA.field(name).orElseThrow();
        switch (f.type()) {
            case DATE:
                return Arbitraries.of(DATES);
            case PHONE:
                return Arbitraries.of("5551234567", " 5551234567 ", "555-123-4567", "555123456", "55512345678", "");
            case COUNTRY:
                return Arbitraries.of("USA", "usa", "Canada", "CA", "U S", "", "\u00c9TA");
            case EMAIL:
                return Arbitraries.of("a@b", "a b@c", "@", "x@y@z", "jdoe@example.com", "a@", "@b", "");
            case BOOLEAN:
                return Arbitraries.of("yes", "Y", "nO", "TRUE", "maybe", "1", "0", "2", "", "t");
            case DECIMAL:
                return Arbitraries.of("12.50", "12,50", "-1", "+7", "7.0", "1e5", ".5", "1.", "123456", "1234567", "-12345");
            case INTEGER:
                return Arbitraries.of("+7", "-0", "7.0", "1e5", "", "12 3", "0012");
            case ENUMERATION:
                List<String> values = new ArrayList<>(f.allowedValues());
                for (String v : f.allowedValues()) {
                    values.add(v.toLowerCase(java.util.Locale.ROOT));
                    values.add(" " + v + "\n");
                    values.add(v + "x");
                    values.add(v.substring(1));
                }
                return Arbitraries.of(values);
            default:
                return Arbitraries.of("abcdef", "abcdefg", "ab\uD83D\uDE00def", "ab\uD83D\uDE00defg", "a b", " a ",
                        "\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00", "a", "ab", "abc", "a\nb", "", " ", "x".repeat(100),
                        "x".repeat(101), "a&amp;b", "<![CDATA[ab]]>", "a<!--x-->b");
        }
    }

    private static final List<String> DATES = List.of("2024-02-29", "2023-02-29", "0000-01-01", "0001-01-01",
            "9999-12-31", "2024-1-5", " 2024-03-01\n", "2024-13-01", "2024-03-01Z", "2024-04-31", "", "x",
            "2025-01-06", "2025-02-30", "06/01/2025", " 2025-01-06 ", "2024-00-10", "2024-12-00");

    private Arbitrary<String> memberships(Arbitrary<String> value) {
        Arbitrary<String> target = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of("Nurses", "MATH101", " x ", "a&amp;b")),
                net.jqwik.api.Tuple.of(2, value));
        Arbitrary<String> date = Arbitraries.of(DATES);
        Arbitrary<String> attributes = net.jqwik.api.Combinators.combine(
                Arbitraries.of("", " role=\"student\"", " role=\"\""),
                Arbitraries.of("", " group=\"G1\""),
                Arbitraries.of("", " enrolStatus=\"active\""),
                Arbitraries.oneOf(Arbitraries.just(""), date.map(d -> " enrolStart=\"" + d + "\"")),
                Arbitraries.oneOf(Arbitraries.just(""), date.map(d -> " enrolEnd=\"" + d + "\"")),
                Arbitraries.of("", "", "", " teacher=\"x\"")).as((a, b, c, d, e, f) -> a + b + c + d + e + f);
        Arbitrary<String> cohort = target.map(t -> "<cohort>" + t + "</cohort>");
        Arbitrary<String> course = net.jqwik.api.Combinators.combine(attributes, target)
                .as((a, t) -> "<course" + a + ">" + t + "</course>");
        Arbitrary<String> program = target.map(t -> "<program>" + t + "</program>");
        Arbitrary<String> sysrole = target.map(t -> "<sysrole>" + t + "</sysrole>");
        Arbitrary<String> odd = Arbitraries.of("<program level=\"1\">p</program>", "<cohort/>", "<badge>x</badge>",
                "junk", "<cohort><b/></cohort>");
        Arbitrary<String> item = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, cohort), net.jqwik.api.Tuple.of(4, course),
                net.jqwik.api.Tuple.of(3, program), net.jqwik.api.Tuple.of(3, sysrole),
                net.jqwik.api.Tuple.of(1, odd));
        // mostly in the required order, sometimes shuffled
        Arbitrary<List<String>> items = item.list().ofMaxSize(4);
        return net.jqwik.api.Combinators.combine(items, Arbitraries.integers().between(0, 3))
                .as((list, shuffle) -> {
                    List<String> ordered = new ArrayList<>(list);
                    if (shuffle != 0) {
                        ordered.sort((x, y) -> Integer.compare(kindOrder(x), kindOrder(y)));
                    }
                    return "<memberships>" + String.join("", ordered) + "</memberships>";
                });
    }

    private static int kindOrder(String item) {
        String[] kinds = {"<cohort", "<course", "<program", "<sysrole"};
        for (int i = 0; i < kinds.length; i++) {
            if (item.startsWith(kinds[i])) {
                return i;
            }
        }
        return 0;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }

    private static List<String> validate(String document) throws IOException {
        Validator v = XSD.newValidator();
        List<String> errors = new ArrayList<>();
        v.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            v.validate(new StreamSource(new StringReader(document)));
        } catch (SAXException e) {
            throw new AssertionError("generated documents are well-formed: " + e.getMessage() + "\n" + document, e);
        }
        return errors;
    }

    static Schema compile(String xsd) {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newSchema(new StreamSource(new StringReader(xsd)));
        } catch (SAXException e) {
            throw new AssertionError("the generated XSD does not compile: " + e.getMessage(), e);
        }
    }
}
