package nl.jeugdmonitor.ingest;

import java.util.ArrayList;
import java.util.List;

/** A parsed, already validated iJw element: local name, text and children; no namespaces, no attributes (iJw uses none). */
final class XmlElement {

    final String name;
    final List<XmlElement> children = new ArrayList<>(4);
    private final StringBuilder text = new StringBuilder();

    XmlElement(String name) {
        this.name = name;
    }

    void append(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    String text() {
        return text.toString().strip();
    }

    /** The first child with this name, or null. */
    XmlElement child(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    List<XmlElement> all(String childName) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Text at a path of child names, or null when any step is absent. */
    String at(String... path) {
        XmlElement e = this;
        for (String step : path) {
            e = e.child(step);
            if (e == null) {
                return null;
            }
        }
        return e.text();
    }
}
