package nl.jeugdmonitor.indicator;

import java.util.TreeMap;

/**
 * The changes one event makes to one series (basis|selection|scope), by "granularity|period": one record per series
 * per event on its way to the aggregator, rather than one per key.
 */
public record Delta(TreeMap<String, Bijdrage> perioden) {}
