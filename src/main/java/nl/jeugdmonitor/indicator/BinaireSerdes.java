package nl.jeugdmonitor.indicator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Compact binary serdes for the indicator engine's own stores and repartition topic, where every event reads and
 * writes dozens of small values: Jackson spent more time on them than the facts took to compute. The public topic
 * {@code jeugdhulp.indicatoren} stays JSON. Format, version byte first: som (varlong), label count (varint), per
 * label its ASCII bytes (varint length) and count (varlong); a Delta is a count of (period, Bijdrage) pairs.
 */
public final class BinaireSerdes {

    private static final byte VERSIE = 1;

    public static final Serde<Bijdrage> BIJDRAGE = Serdes.serdeFrom(
            (topic, b) -> {
                if (b == null) {
                    return null;
                }
                ByteBuffer buf = ByteBuffer.allocate(1 + grootte(b)).put(VERSIE);
                schrijfBijdrage(buf, b);
                return buf.array();
            },
            (topic, bytes) -> bytes == null ? null : lees(bytes, "Bijdrage", topic, BinaireSerdes::leesBijdrage));

    public static final Serde<Delta> DELTA = Serdes.serdeFrom(
            (topic, d) -> {
                if (d == null) {
                    return null;
                }
                ByteBuffer buf = ByteBuffer.allocate(1 + grootte(d)).put(VERSIE);
                ByteUtils.writeUnsignedVarint(d.perioden().size(), buf);
                for (Map.Entry<String, Bijdrage> e : d.perioden().entrySet()) {
                    schrijfTekst(buf, e.getKey());
                    schrijfBijdrage(buf, e.getValue());
                }
                return buf.array();
            },
            (topic, bytes) -> bytes == null ? null : lees(bytes, "Delta", topic, buf -> {
                int n = ByteUtils.readUnsignedVarint(buf);
                TreeMap<String, Bijdrage> perioden = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    perioden.put(leesTekst(buf), leesBijdrage(buf));
                }
                return new Delta(perioden);
            }));

    private BinaireSerdes() {}

    private static int grootte(Delta d) {
        int n = ByteUtils.sizeOfUnsignedVarint(d.perioden().size());
        for (Map.Entry<String, Bijdrage> e : d.perioden().entrySet()) {
            n += grootte(e.getKey()) + grootte(e.getValue());
        }
        return n;
    }

    private static int grootte(Bijdrage b) {
        int n = ByteUtils.sizeOfVarlong(b.som);
        int labels = b.verdeling == null ? 0 : b.verdeling.size();
        n += ByteUtils.sizeOfUnsignedVarint(labels);
        if (labels > 0) {
            for (Map.Entry<String, Long> e : b.verdeling.entrySet()) {
                n += grootte(e.getKey()) + ByteUtils.sizeOfVarlong(e.getValue());
            }
        }
        return n;
    }

    private static int grootte(String s) {
        int bytes = s.length(); // labels and periods are ASCII; checked when written
        return ByteUtils.sizeOfUnsignedVarint(bytes) + bytes;
    }

    private static void schrijfBijdrage(ByteBuffer buf, Bijdrage b) {
        ByteUtils.writeVarlong(b.som, buf);
        int labels = b.verdeling == null ? 0 : b.verdeling.size();
        ByteUtils.writeUnsignedVarint(labels, buf);
        if (labels > 0) {
            for (Map.Entry<String, Long> e : b.verdeling.entrySet()) {
                schrijfTekst(buf, e.getKey());
                ByteUtils.writeVarlong(e.getValue(), buf);
            }
        }
    }

    private static void schrijfTekst(ByteBuffer buf, String s) {
        ByteUtils.writeUnsignedVarint(s.length(), buf);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 127) {
                throw new SerializationException("not ASCII: " + s);
            }
            buf.put((byte) c);
        }
    }

    private interface Lezer<T> {
        T lees(ByteBuffer buf);
    }

    private static <T> T lees(byte[] bytes, String type, String topic, Lezer<T> lezer) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            if (buf.get() != VERSIE) {
                throw new SerializationException("unknown format version " + bytes[0]);
            }
            T t = lezer.lees(buf);
            if (buf.hasRemaining()) {
                throw new SerializationException(buf.remaining() + " bytes left over");
            }
            return t;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read " + type + " from " + topic, e);
        }
    }

    private static Bijdrage leesBijdrage(ByteBuffer buf) {
        Bijdrage b = new Bijdrage();
        b.som = ByteUtils.readVarlong(buf);
        int labels = ByteUtils.readUnsignedVarint(buf);
        if (labels > 0) {
            b.verdeling = new TreeMap<>();
            for (int i = 0; i < labels; i++) {
                b.verdeling.put(leesTekst(buf), ByteUtils.readVarlong(buf));
            }
        }
        return b;
    }

    private static String leesTekst(ByteBuffer buf) {
        int n = ByteUtils.readUnsignedVarint(buf);
        String s = new String(buf.array(), buf.position(), n, StandardCharsets.US_ASCII);
        buf.position(buf.position() + n);
        return s;
    }
}
