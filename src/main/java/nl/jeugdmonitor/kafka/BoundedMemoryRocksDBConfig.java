package nl.jeugdmonitor.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and write-buffer manager shared by every RocksDB store of the process
 * (the pattern of the Kafka Streams memory-management docs), so off-heap memory stays bounded
 * however many stores, partitions and window segments there are.
 */
public class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    public static final String TOTAL_BYTES = "jeugdmonitor.rocksdb.total.bytes";
    private static final long DEFAULT_TOTAL = 256L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void init(long total) {
        if (cache == null) {
            cache = new LRUCache(total, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager(total / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(TOTAL_BYTES);
        init(configured == null ? DEFAULT_TOTAL : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared by all stores and live as long as the process
    }
}
