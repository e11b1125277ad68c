package nl.jeugdmonitor.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Parses and XSD-validates one iJw message in a single streaming pass:
 * SAX reader → sniffer (message type, BerichtCode) → XSD validator → tree builder.
 * Not thread-safe; make one per processor.
 */
final class IjwParser {

    record Geparseerd(String type, XmlElement root) {}

    private final XMLReader reader;
    private final Sniffer sniffer;
    private final ValidatorHandler validator;
    private final TreeBuilder tree = new TreeBuilder();

    IjwParser() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // no DOCTYPE at all: iJw has none, and it is the door to entity expansion and external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            reader = f.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("no secure SAX parser", e);
        }
        validator = IjwSchema.schema().newValidatorHandler();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw new SchemaFout(e);
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw new SchemaFout(e);
            }
        });
        validator.setContentHandler(tree);
        sniffer = new Sniffer(reader);
        sniffer.setContentHandler(validator);
        sniffer.setErrorHandler(new DefaultHandler() {
            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
    }

    Geparseerd parse(byte[] xml) throws Afkeuring {
        try {
            sniffer.parse(new InputSource(new ByteArrayInputStream(xml)));
            return new Geparseerd(sniffer.type, tree.root);
        } catch (SAXException e) {
            throw classify(e, xml);
        } catch (IOException e) {
            throw new Afkeuring(AfkeurCode.NOT_XML, "cannot read the message: " + e.getMessage());
        }
    }

    /** The message type of the last parse as far as it got, or null when its root was not reached or not iJw. */
    String laatsteType() {
        return sniffer.type;
    }

    private Afkeuring classify(SAXException e, byte[] xml) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SniffFout s) {
                return s.afkeuring;
            }
            if (t instanceof SchemaFout s) {
                SAXParseException p = s.parse;
                String msg = p.getMessage() == null ? "" : p.getMessage();
                AfkeurCode code = msg.startsWith("cvc-datatype-valid.1.2.1")
                        && (msg.contains("'date'") || msg.contains("'time'"))
                        ? AfkeurCode.INVALID_DATE : AfkeurCode.XSD_INVALID;
                return new Afkeuring(code, sniffer.type + " line " + p.getLineNumber() + " column "
                        + p.getColumnNumber() + ": " + msg);
            }
        }
        String where = e instanceof SAXParseException p ? "line " + p.getLineNumber() + " column " + p.getColumnNumber() + ": " : "";
        if (!geldigUtf8(xml)) {
            // iJw messages are UTF-8 (SPEC §3.1): other bytes are not XML we can read, wherever the parser stopped
            return new Afkeuring(AfkeurCode.NOT_XML, where + "the message is not valid UTF-8");
        }
        // cut off: the root is still open and the parser stumbled on the input's last line
        boolean cutOff = sniffer.depth > 0 && e instanceof SAXParseException p && p.getLineNumber() >= laatsteRegel(xml);
        return cutOff
                ? new Afkeuring(AfkeurCode.XML_TRUNCATED, where + "the message ends inside element " + sniffer.open.peek())
                : new Afkeuring(AfkeurCode.NOT_XML, where + e.getMessage());
    }

    /** Only on the error path: a strict UTF-8 decode of the whole message. */
    private static boolean geldigUtf8(byte[] xml) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(xml));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static int laatsteRegel(byte[] xml) {
        int lines = 1;
        for (byte b : xml) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static final class SchemaFout extends SAXException {
        final SAXParseException parse;

        SchemaFout(SAXParseException parse) {
            super(parse.getMessage());
            this.parse = parse;
        }
    }

    private static final class SniffFout extends SAXException {
        final Afkeuring afkeuring;

        SniffFout(AfkeurCode code, String message) {
            super(message);
            this.afkeuring = new Afkeuring(code, message);
        }
    }

    /** Sees every event before the validator: names the message type and checks its BerichtCode. */
    private static final class Sniffer extends XMLFilterImpl {
        String type;
        int depth;
        final Deque<String> open = new ArrayDeque<>();
        private StringBuilder code;
        private boolean codeGezien;

        Sniffer(XMLReader parent) {
            super(parent);
        }

        @Override
        public void startDocument() throws SAXException {
            type = null;
            depth = 0;
            open.clear();
            code = null;
            codeGezien = false;
            super.startDocument();
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (depth == 0) {
                type = IjwSchema.typeVanNamespace(uri);
                if (type == null || !"Bericht".equals(localName)) {
                    throw new SniffFout(AfkeurCode.UNKNOWN_MESSAGE,
                            "root element {" + uri + "}" + localName + " is not an iJw 3.2 message");
                }
            } else if (depth == 2 && !codeGezien && "BerichtCode".equals(localName) && "Header".equals(open.peek())) {
                code = new StringBuilder();
            }
            depth++;
            open.push(localName);
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (code != null) {
                code.append(ch, start, length);
            }
            super.characters(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if (code != null) {
                String gezien = code.toString().strip();
                code = null;
                codeGezien = true;
                String verwacht = IjwSchema.BERICHTCODES.get(type);
                if (!verwacht.equals(gezien)) {
                    throw new SniffFout(AfkeurCode.UNKNOWN_BERICHTCODE, "BerichtCode '" + gezien
                            + "' is not the code of a " + type + " message (" + verwacht + ")");
                }
            }
            depth--;
            open.pop();
            super.endElement(uri, localName, qName);
        }
    }

    /** Builds the element tree from the validated events. */
    private static final class TreeBuilder extends DefaultHandler {
        XmlElement root;
        private final Deque<XmlElement> stack = new ArrayDeque<>();

        @Override
        public void startDocument() {
            root = null;
            stack.clear();
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            XmlElement e = new XmlElement(localName);
            if (stack.isEmpty()) {
                root = e;
            } else {
                stack.peek().children.add(e);
            }
            stack.push(e);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!stack.isEmpty()) {
                stack.peek().append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            stack.pop();
        }
    }
}
