package io.fleetcompat.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetcompat.schema.avro.HostStatus;
import io.fleetcompat.schema.avro.XenProfile;
import io.fleetcompat.rules.fixtures.SimHost;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class HostDirectoryTest {

    private final SimHost.Clock clock = new SimHost.Clock(0);

    @Test
    void shouldNotScanTheKnownHostsPerEventWhileNoHostIsFifoCapable() {
        CountingHosts store = new CountingHosts(new SimHost("host-legacy", XenProfile.LEGACY_2L, true, clock));
        FifoCapableProfiles shared = new FifoCapableProfiles();
        HostDirectory directory = new HostDirectory(store, shared);

        for (int event = 0; event < 1000; event++) {
            assertThat(directory.fifoCapableProfiles()).isEmpty();
        }

        assertThat(store.scans).isEqualTo(1);
    }

    @Test
    void shouldSeeTheFirstFifoCapableHostAsTheGlobalStoreLearnsIt() {
        CountingHosts store = new CountingHosts(new SimHost("host-legacy", XenProfile.LEGACY_2L, true, clock));
        FifoCapableProfiles shared = new FifoCapableProfiles();
        HostDirectory directory = new HostDirectory(store, shared);

        shared.add(XenProfile.PROPOSED, true);

        assertThat(directory.fifoCapableProfiles()).containsExactly(XenProfile.PROPOSED);
        assertThat(store.scans).isEqualTo(1);
    }

    @Test
    void shouldKnowTheFifoCapableHostsTheStoreHeldAtStart() {
        CountingHosts store = new CountingHosts(new SimHost("host-modern", XenProfile.PROPOSED, true, clock));

        HostDirectory directory = new HostDirectory(store, new FifoCapableProfiles());

        assertThat(directory.fifoCapableProfiles()).containsExactly(XenProfile.PROPOSED);
    }

    /** The global known-hosts store, counting full scans. */
    private static final class CountingHosts implements ReadOnlyKeyValueStore<String, HostStatus> {
        private final Map<String, HostStatus> hosts = new TreeMap<>();
        int scans;

        CountingHosts(SimHost... announced) {
            for (SimHost host : announced) {
                hosts.put(host.id(), host.status());
            }
        }

        @Override
        public HostStatus get(String key) {
            return hosts.get(key);
        }

        @Override
        public KeyValueIterator<String, HostStatus> all() {
            scans++;
            Iterator<Map.Entry<String, HostStatus>> entries = hosts.entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public KeyValue<String, HostStatus> next() {
                    Map.Entry<String, HostStatus> e = entries.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public KeyValueIterator<String, HostStatus> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return hosts.size();
        }
    }
}
