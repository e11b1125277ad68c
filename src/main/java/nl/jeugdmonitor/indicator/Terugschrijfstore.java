package nl.jeugdmonitor.indicator;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store whose one writer, a processor, keeps the values it changes as objects and writes each changed one through
 * once per commit. The aggregator's hot aggregates (the region, this month) change with every send of every dossier
 * task; through Streams' record cache each change was a serialised put (its key hashed, its LRU entry moved, a full
 * cache evicting inside the put): with the reads, 17% of the indicator threads in a replay. Here a change is a map entry; at the
 * commit, before the transaction is prepared, the writer's {@link #voorCommit} hook runs and then each changed value
 * is serialised and written once (null deletes) into the logged store beneath. The dossier processor's unsent deltas
 * use the hook alone (see {@link Uitstaand}).
 *
 * <p>The hook is Streams' own for record caches: the task's state manager calls {@link #flushCache()} of every
 * registered store that is a {@link CachedStateStore} when it prepares a commit (also before a rebalance and a clean
 * close), and this store registers as the root of the store beneath. It is an internal interface of Kafka Streams, the
 * one its caching stores use; the golden tests read the store beneath and fail without it. Interactive queries read
 * the store beneath, which is what was committed (for the aggregates at most one commit interval behind).
 */
final class Terugschrijfstore<K, V> implements ReadOnlyKeyValueStore<K, V>, StateStore, CachedStateStore<K, V> {

    private final KeyValueStore<K, V> onder;
    /** Changed since the last commit (null: deleted), by key: only the stream thread that owns the task touches it. */
    private final Map<K, V> gewijzigd = new HashMap<>();
    private Runnable voorCommit = () -> {};

    private Terugschrijfstore(KeyValueStore<K, V> onder) {
        this.onder = onder;
    }

    /** Builds this store over the (uncached) store {@code onder} builds. */
    static <K, V> StoreBuilder<Terugschrijfstore<K, V>> bouwer(StoreBuilder<KeyValueStore<K, V>> onder) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<Terugschrijfstore<K, V>> withCachingEnabled() {
                throw new UnsupportedOperationException(onder.name() + " keeps its own changes until the commit");
            }

            @Override
            public StoreBuilder<Terugschrijfstore<K, V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<Terugschrijfstore<K, V>> withLoggingEnabled(Map<String, String> config) {
                onder.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<Terugschrijfstore<K, V>> withLoggingDisabled() {
                onder.withLoggingDisabled();
                return this;
            }

            @Override
            public Terugschrijfstore<K, V> build() {
                return new Terugschrijfstore<>(onder.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return onder.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return onder.loggingEnabled();
            }

            @Override
            public String name() {
                return onder.name();
            }
        };
    }

    /** The writer's read: its own change since the last commit (null when it deleted), else the store beneath. */
    V lees(K sleutel) {
        return gewijzigd.containsKey(sleutel) ? gewijzigd.get(sleutel) : onder.get(sleutel);
    }

    /** The writer's write: {@code waarde} is kept as it is (and may change further) until the commit; null deletes. */
    void schrijf(K sleutel, V waarde) {
        gewijzigd.put(sleutel, waarde);
    }

    /** What the writer does at each commit before the changed values are written (it may still {@link #schrijf}). */
    void voorCommit(Runnable doe) {
        voorCommit = doe;
    }

    @Override
    public void flushCache() {
        voorCommit.run();
        gewijzigd.forEach((sleutel, waarde) -> {
            if (waarde == null) {
                onder.delete(sleutel);
            } else {
                onder.put(sleutel, waarde);
            }
        });
        gewijzigd.clear();
    }

    @Override
    public void clearCache() {
        gewijzigd.clear(); // the task becomes a standby after a commit: nothing unwritten is left
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return onder.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        onder.init(context, this); // registered as this store: the state manager then calls flushCache() at each commit
    }

    @Override
    public void flush() {
        onder.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        onder.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return onder.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return onder.managesOffsets();
    }

    @Override
    public void close() {
        gewijzigd.clear();
        onder.close();
    }

    @Override
    public boolean persistent() {
        return onder.persistent();
    }

    @Override
    public boolean isOpen() {
        return onder.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return onder.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return onder.getPosition();
    }

    @Override
    public V get(K sleutel) {
        return onder.get(sleutel);
    }

    @Override
    public KeyValueIterator<K, V> range(K van, K tot) {
        return onder.range(van, tot);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K van, K tot) {
        return onder.reverseRange(van, tot);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return onder.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return onder.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS serializer) {
        return onder.prefixScan(prefix, serializer);
    }

    @Override
    public long approximateNumEntries() {
        return onder.approximateNumEntries();
    }
}
