package nl.jeugdmonitor.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/** The iJw 3.2 message schemas, compiled once into one thread-safe {@link Schema} that validates any message type. */
public final class IjwSchema {

    /** Message type (the XSD's name) → BerichtCode (COD002), for every schema the project ships. */
    public static final Map<String, String> BERICHTCODES = codes();

    /** The message types ingest turns into canonical events; the other valid ones are skipped and counted. */
    public static final List<String> VERWERKT = List.of("JW301", "JW305", "JW307", "JW315", "JW319", "JW323", "JW325");

    private static final String NS_PREFIX = "http://www.istandaarden.nl/ijw/3_2/";
    private static final String NS_SUFFIX = "/schema";

    private static volatile Schema schema;

    private IjwSchema() {}

    private static Map<String, String> codes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("JW301", "436");
        m.put("JW302", "437");
        m.put("JW305", "438");
        m.put("JW306", "439");
        m.put("JW307", "440");
        m.put("JW308", "441");
        m.put("JW315", "446");
        m.put("JW316", "447");
        m.put("JW317", "486");
        m.put("JW318", "487");
        m.put("JW319", "488");
        m.put("JW320", "489");
        m.put("JW323", "490");
        m.put("JW325", "491");
        return Map.copyOf(m);
    }

    /** "JW301" for the jw301 namespace, or null when the namespace is not an iJw 3.2 message we ship. */
    static String typeVanNamespace(String namespace) {
        if (namespace == null || !namespace.startsWith(NS_PREFIX) || !namespace.endsWith(NS_SUFFIX)) {
            return null;
        }
        String type = namespace.substring(NS_PREFIX.length(), namespace.length() - NS_SUFFIX.length()).toUpperCase();
        return BERICHTCODES.containsKey(type) ? type : null;
    }

    public static String namespace(String type) {
        return NS_PREFIX + type.toLowerCase() + NS_SUFFIX;
    }

    public static Schema schema() {
        Schema s = schema;
        if (s == null) {
            synchronized (IjwSchema.class) {
                if (schema == null) {
                    schema = compile();
                }
                s = schema;
            }
        }
        return s;
    }

    private static Schema compile() {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        List<Source> sources = new ArrayList<>();
        List<InputStream> open = new ArrayList<>();
        try {
            // the schemas are our own, read from the jar; their one import (basisschema.xsd) resolves beside them
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
            for (String type : BERICHTCODES.keySet()) {
                URL url = Objects.requireNonNull(IjwSchema.class.getResource("/ijw/xsd/" + type + ".xsd"), type + ".xsd");
                InputStream in = url.openStream();
                open.add(in);
                sources.add(new StreamSource(in, url.toExternalForm()));
            }
            return factory.newSchema(sources.toArray(Source[]::new));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("the iJw XSDs in the jar do not compile: " + e.getMessage(), e);
        } finally {
            for (InputStream in : open) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // read-only classpath resource
                }
            }
        }
    }
}
