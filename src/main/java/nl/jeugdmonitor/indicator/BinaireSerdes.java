package nl.jeugdmonitor.indicator;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.jeugdmonitor.trajectory.Dossier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Compact binary serdes for the indicator engine's own stores and repartition topic, where every event reads and
 * writes dozens of small values: Jackson spent more time on them than the facts took to compute. The public topic
 * {@code jeugdhulp.indicatoren} stays JSON. Format, version byte first: som (varlong), label count (varint), per
 * label its ASCII bytes (varint length) and count (varlong); a Delta is a count of (period, Bijdrage) pairs.
 * The dossier and waiting-list stores too: see {@link #DOSSIER} and {@link #WACHTEND}.
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

    /**
     * A client's dossier, read and written with every event of the client: as JSON its (de)serialisation took an
     * eighth of the indicator thread. Strings as modified UTF-8 with a presence flag, dates as epoch days and times
     * as nanos of the day ({@link Long#MIN_VALUE} for none); maps in key order, so equal dossiers give equal bytes.
     */
    public static final Serde<Dossier> DOSSIER = Serdes.serdeFrom(
            (topic, d) -> d == null ? null : schrijfDossier(d),
            (topic, bytes) -> bytes == null ? null : lees(bytes, "Dossier", topic, BinaireSerdes::leesDossier));

    /**
     * A client's waiting toewijzingen, all read by every region-wide waiting-list query: for the ~1,000 waiting clients
     * of a Twente year a query took 11 ms of CPU with JSON (dates parsed by {@code DateTimeFormatter}), 8 ms with this.
     */
    public static final Serde<Wachtend> WACHTEND = Serdes.serdeFrom(
            (topic, w) -> w == null ? null : schrijf(out -> {
                out.writeInt(w.items().size());
                for (Wachtend.Item i : w.items()) {
                    tekst(out, i.gemeente(), i.zorgvorm(), i.nummer());
                    datum(out, i.toewijzingsdatum());
                    datum(out, i.ingangsdatum());
                    datum(out, i.einddatum());
                }
            }),
            (topic, bytes) -> bytes == null ? null : lees(bytes, "Wachtend", topic, buf -> leesData(buf, in -> {
                List<Wachtend.Item> items = new java.util.ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    items.add(new Wachtend.Item(tekst(in), tekst(in), tekst(in), datum(in), datum(in), datum(in)));
                }
                return new Wachtend(items);
            })));

    private BinaireSerdes() {}

    private interface Schrijver {
        void schrijf(DataOutputStream out) throws java.io.IOException;
    }

    private interface DataLezer<T> {
        T lees(DataInputStream in) throws java.io.IOException;
    }

    /** The version byte, then what {@code schrijver} writes. */
    private static byte[] schrijf(Schrijver schrijver) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSIE);
            schrijver.schrijf(out);
        } catch (java.io.IOException e) {
            throw new SerializationException("cannot write", e);
        }
        return bytes.toByteArray();
    }

    /** Reads the rest of {@code buf} with a DataInputStream, leaving its position where the reader stopped. */
    private static <T> T leesData(ByteBuffer buf, DataLezer<T> lezer) {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(buf.array(), buf.position(), buf.remaining()));
        try {
            T t = lezer.lees(in);
            buf.position(buf.limit() - in.available());
            return t;
        } catch (java.io.IOException e) {
            throw new SerializationException("truncated", e);
        }
    }

    private static byte[] schrijfDossier(Dossier d) {
        return schrijf(out -> {
            out.writeLong(d.peildatum);
            out.writeLong(d.timer);
            out.writeInt(d.toewijzingen.size());
            for (Map.Entry<String, Dossier.ToewijzingStaat> e : d.toewijzingen.entrySet()) {
                Dossier.ToewijzingStaat t = e.getValue();
                tekst(out, e.getKey(), t.gemeente, t.aanbieder, t.nummer);
                datum(out, t.eersteDatum);
                tijd(out, t.eersteTijd);
                datum(out, t.laatsteDatum);
                tijd(out, t.laatsteTijd);
                tekst(out, t.categorie, t.code);
                datum(out, t.ingangsdatum);
                datum(out, t.einddatum);
                tekst(out, t.referentieAanbieder);
                out.writeBoolean(t.verwijderd);
                datum(out, t.eersteDagtekening);
            }
            for (TreeMap<String, Dossier.MeldingStaat> meldingen : List.of(d.starts, d.stops)) {
                out.writeInt(meldingen.size());
                for (Map.Entry<String, Dossier.MeldingStaat> e : meldingen.entrySet()) {
                    Dossier.MeldingStaat m = e.getValue();
                    tekst(out, e.getKey(), m.gemeente, m.aanbieder, m.nummer, m.categorie, m.code);
                    datum(out, m.begindatum);
                    datum(out, m.einddatum);
                    tekst(out, m.reden);
                    out.writeBoolean(m.nieuw);
                    out.writeBoolean(m.ingetrokken);
                    datum(out, m.eersteNieuw);
                    datum(out, m.laatsteNieuw);
                    datum(out, m.laatsteIntrekking);
                }
            }
            out.writeInt(d.verzoeken.size());
            for (Map.Entry<String, String> e : d.verzoeken.entrySet()) {
                tekst(out, e.getKey(), e.getValue());
            }
            out.writeInt(d.verzoekDagen.size());
            for (Map.Entry<String, Dossier.Verzoekstaat> e : d.verzoekDagen.entrySet()) {
                tekst(out, e.getKey(), e.getValue().gemeente());
                datum(out, e.getValue().dagtekening());
            }
            out.writeInt(d.antwoorden.size());
            for (Map.Entry<String, LocalDate> e : d.antwoorden.entrySet()) {
                tekst(out, e.getKey());
                datum(out, e.getValue());
            }
            out.writeInt(d.regels.size());
            for (Map.Entry<String, Dossier.Regel> e : d.regels.entrySet()) {
                Dossier.Regel r = e.getValue();
                tekst(out, e.getKey(), r.gemeente(), r.aanbieder(), r.toewijzingNummer(), r.categorie(), r.code());
                datum(out, r.periodeBegin());
                datum(out, r.periodeEind());
                tekst(out, r.eenheid());
                out.writeLong(r.volume());
                out.writeLong(r.bedragCent());
                out.writeBoolean(r.credit());
                datum(out, r.dagtekening());
                tekst(out, r.declaratieNummer());
            }
            out.writeInt(d.afgewezen.size());
            for (String a : d.afgewezen) {
                tekst(out, a);
            }
        });
    }

    private static Dossier leesDossier(ByteBuffer buf) {
        return leesData(buf, in -> {
            Dossier d = new Dossier();
            d.peildatum = in.readLong();
            d.timer = in.readLong();
            for (int i = in.readInt(); i > 0; i--) {
                Dossier.ToewijzingStaat t = new Dossier.ToewijzingStaat();
                String sleutel = tekst(in);
                t.gemeente = tekst(in);
                t.aanbieder = tekst(in);
                t.nummer = tekst(in);
                t.eersteDatum = datum(in);
                t.eersteTijd = tijd(in);
                t.laatsteDatum = datum(in);
                t.laatsteTijd = tijd(in);
                t.categorie = tekst(in);
                t.code = tekst(in);
                t.ingangsdatum = datum(in);
                t.einddatum = datum(in);
                t.referentieAanbieder = tekst(in);
                t.verwijderd = in.readBoolean();
                t.eersteDagtekening = datum(in);
                d.toewijzingen.put(sleutel, t);
            }
            for (TreeMap<String, Dossier.MeldingStaat> meldingen : List.of(d.starts, d.stops)) {
                for (int i = in.readInt(); i > 0; i--) {
                    Dossier.MeldingStaat m = new Dossier.MeldingStaat();
                    String sleutel = tekst(in);
                    m.gemeente = tekst(in);
                    m.aanbieder = tekst(in);
                    m.nummer = tekst(in);
                    m.categorie = tekst(in);
                    m.code = tekst(in);
                    m.begindatum = datum(in);
                    m.einddatum = datum(in);
                    m.reden = tekst(in);
                    m.nieuw = in.readBoolean();
                    m.ingetrokken = in.readBoolean();
                    m.eersteNieuw = datum(in);
                    m.laatsteNieuw = datum(in);
                    m.laatsteIntrekking = datum(in);
                    meldingen.put(sleutel, m);
                }
            }
            for (int i = in.readInt(); i > 0; i--) {
                d.verzoeken.put(tekst(in), tekst(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                d.verzoekDagen.put(tekst(in), new Dossier.Verzoekstaat(tekst(in), datum(in)));
            }
            for (int i = in.readInt(); i > 0; i--) {
                d.antwoorden.put(tekst(in), datum(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                String sleutel = tekst(in);
                d.regels.put(sleutel, new Dossier.Regel(tekst(in), tekst(in), tekst(in), tekst(in), tekst(in), datum(in), datum(in), tekst(in),
                        in.readLong(), in.readLong(), in.readBoolean(), datum(in), tekst(in)));
            }
            for (int i = in.readInt(); i > 0; i--) {
                d.afgewezen.add(tekst(in));
            }
            return d;
        });
    }

    private static void tekst(DataOutputStream out, String... teksten) throws java.io.IOException {
        for (String t : teksten) {
            out.writeBoolean(t != null);
            if (t != null) {
                out.writeUTF(t);
            }
        }
    }

    private static String tekst(DataInputStream in) throws java.io.IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void datum(DataOutputStream out, LocalDate d) throws java.io.IOException {
        out.writeLong(d == null ? Long.MIN_VALUE : d.toEpochDay());
    }

    private static LocalDate datum(DataInputStream in) throws java.io.IOException {
        long d = in.readLong();
        return d == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(d);
    }

    private static void tijd(DataOutputStream out, LocalTime t) throws java.io.IOException {
        out.writeLong(t == null ? Long.MIN_VALUE : t.toNanoOfDay());
    }

    private static LocalTime tijd(DataInputStream in) throws java.io.IOException {
        long t = in.readLong();
        return t == Long.MIN_VALUE ? null : LocalTime.ofNanoOfDay(t);
    }

    private static int grootte(Delta d) {
        int n = ByteUtils.sizeOfUnsignedVarint(d.perioden().size());
        for (Map.Entry<String, Bijdrage> e : d.perioden().entrySet()) {
            n += grootte(e.getKey()) + grootte(e.getValue());
        }
        return n;
    }

    static int grootte(Bijdrage b) {
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

    static void schrijfBijdrage(ByteBuffer buf, Bijdrage b) {
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

    static Bijdrage leesBijdrage(ByteBuffer buf) {
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
