package dev.rollcall.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a host can consume, kept in step with the build: the BOM lists exactly the modules that
 * are deployed (not {@code maven.deploy.skip}, not a {@code pom}), each of them ships sources
 * and Javadoc, and the parent carries the metadata Maven Central asks for.
 */
class PublishedArtifactsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void theBomListsEveryDeployedModuleAndNothingElse() throws Exception {
        Set<String> deployed = new TreeSet<>();
        for (String module : texts(pom(ROOT.resolve("pom.xml")), "modules", "module")) {
            Document pom = pom(ROOT.resolve(module).resolve("pom.xml"));
            String packaging = child(pom.getDocumentElement(), "packaging");
            if (!"true".equals(property(pom, "maven.deploy.skip")) && !"pom".equals(packaging)) {
                deployed.add(child(pom.getDocumentElement(), "artifactId"));
                assertFalse("true".equals(property(pom, "maven.javadoc.skip")), module + " is deployed without Javadoc");
                assertFalse("true".equals(property(pom, "maven.source.skip")), module + " is deployed without sources");
            }
        }
        Set<String> bom = new TreeSet<>();
        NodeList dependencies = pom(ROOT.resolve("bom/pom.xml")).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            bom.add(child((Element) dependencies.item(i), "artifactId"));
        }
        assertEquals(deployed, bom);
    }

    @Test
    void theParentCarriesWhatMavenCentralAsksFor() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml")).getDocumentElement();
        for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
            assertFalse(child(parent, element).isBlank(), element);
        }
    }

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** @return the text of a direct child element, or "" */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return n.getTextContent().strip();
            }
        }
        return "";
    }

    private static String property(Document pom, String name) {
        NodeList properties = pom.getDocumentElement().getElementsByTagName("properties");
        return properties.getLength() == 0 ? "" : child((Element) properties.item(0), name);
    }

    private static List<String> texts(Document pom, String list, String item) {
        List<String> texts = new ArrayList<>();
        NodeList items = ((Element) pom.getDocumentElement().getElementsByTagName(list).item(0))
                .getElementsByTagName(item);
        for (int i = 0; i < items.getLength(); i++) {
            texts.add(items.item(i).getTextContent().strip());
        }
        return texts;
    }
}
