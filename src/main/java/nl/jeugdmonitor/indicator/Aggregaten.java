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
 * The store of the aggregates ({@link IndicatorTopology#AGGREGATEN}), which the aggregator changes as objects and writes
 * through once per commit. A hot aggregate (the region, this month) changes with every send of every dossier task;
 * through Streams' record cache each change was a serialised put (its key hashed, its LRU entry moved, full caches
 * evicting inside the put): 17% of the indicator threads in a replay. Here a change is a map entry; at the commit,
 * before the transaction is prepared, each changed aggregate is serialised and written once (an emptied one deleted)
 * into the logged RocksDB store beneath, and the aggregator's {@link #voorCommit} writes what must go with it.
 *
 * <p>The hook is Streams' own for record caches: the task's state manager calls {@link #flushCache()} of every
 * registered store that is a {@link CachedStateStore} when it prepares a commit (also before a rebalance and a clean
 * close), and this store registers as the root of the store beneath. It is an internal interface of Kafka Streams, the
 * one its caching stores use; the end-to-end restart and recomputation tests would fail without it. Interactive queries
 * read the store beneath, which is what has been committed to (at most one commit interval behind the aggregator).
 */
final class Aggregaten implements ReadOnlyKeyValueStore<String, Bijdrage>, StateStore, CachedStateStore<String, Bijdrage> {

    private final KeyValueStore<String, Bijdrage> onder;
    /** Changed since the last commit, by key: only the stream thread that owns the task touches it. */
    private final Map<String, Bijdrage> gewijzigd = new HashMap<>();
    private Runnable voorCommit = () -> {};

    private Aggregaten(KeyValueStore<String, Bijdrage> onder) {
        this.onder = onder;
    }

    /** Builds this store over the (uncached) store {@code onder} builds. */
    static StoreBuilder<Aggregaten> bouwer(StoreBuilder<KeyValueStore<String, Bijdrage>> onder) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<Aggregaten> withCachingEnabled() {
                throw new UnsupportedOperationException(onder.name() + " caches its own aggregates");
            }

            @Override
            public StoreBuilder<Aggregaten> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<Aggregaten> withLoggingEnabled(Map<String, String> config) {
                onder.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<Aggregaten> withLoggingDisabled() {
                onder.withLoggingDisabled();
                return this;
            }

            @Override
            public Aggregaten build() {
                return new Aggregaten(onder.build());
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

    /** The aggregator's read: its own change of this commit, else the store; null when there is none (or it emptied). */
    Bijdrage lees(String sleutel) {
        Bijdrage b = gewijzigd.get(sleutel);
        if (b != null) {
            return b.isLeeg() ? null : b;
        }
        return onder.get(sleutel);
    }

    /** The aggregator's write: {@code waarde} is kept as it is (and may change further) until the commit; empty deletes. */
    void schrijf(String sleutel, Bijdrage waarde) {
        gewijzigd.put(sleutel, waarde);
    }

    /** What the aggregator writes to its other stores at each commit, before the aggregates themselves. */
    void voorCommit(Runnable doe) {
        voorCommit = doe;
    }

    @Override
    public void flushCache() {
        voorCommit.run();
        gewijzigd.forEach((sleutel, waarde) -> {
            if (waarde.isLeeg()) {
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
    public boolean setFlushListener(CacheFlushListener<String, Bijdrage> listener, boolean sendOldValues) {
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
    public Bijdrage get(String sleutel) {
        return onder.get(sleutel);
    }

    @Override
    public KeyValueIterator<String, Bijdrage> range(String van, String tot) {
        return onder.range(van, tot);
    }

    @Override
    public KeyValueIterator<String, Bijdrage> reverseRange(String van, String tot) {
        return onder.reverseRange(van, tot);
    }

    @Override
    public KeyValueIterator<String, Bijdrage> all() {
        return onder.all();
    }

    @Override
    public KeyValueIterator<String, Bijdrage> reverseAll() {
        return onder.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, Bijdrage> prefixScan(P prefix, PS serializer) {
        return onder.prefixScan(prefix, serializer);
    }

    @Override
    public long approximateNumEntries() {
        return onder.approximateNumEntries();
    }
}
