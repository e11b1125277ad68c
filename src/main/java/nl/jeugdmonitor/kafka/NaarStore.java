package nl.jeugdmonitor.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the latest value per key of a compacted topic in a global store; a tombstone removes the key. */
public final class NaarStore<V> implements Processor<String, V, Void, Void> {
    private final String naam;
    private KeyValueStore<String, V> store;

    public NaarStore(String naam) {
        this.naam = naam;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(naam);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
