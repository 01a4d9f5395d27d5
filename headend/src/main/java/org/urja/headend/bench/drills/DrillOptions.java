package org.urja.headend.bench.drills;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How big and how long the drills are. The defaults keep each drill to a couple of minutes on a
 * small machine (the ten-minute outage aside) so that the set can be re-run after every fix.
 *
 * @param tcpMeters meters dialling in over DLMS/TCP
 * @param mqttMeters meters publishing through MQTT gateways
 * @param gateways MQTT gateways (data concentrators) the MQTT meters sit behind
 * @param every wall time per capture period (each meter pushes once per period)
 * @param before ingest running before the fault
 * @param after ingest running after the fault ends
 * @param stormMeters meters that reconnect at once after a feeder outage
 * @param payments payments posted through the API in the payments drill
 * @param workDir where the servers' data, the nodes' logs and settings go
 * @param simulatorHeap heap of each simulator JVM
 */
public record DrillOptions(
    int tcpMeters,
    int mqttMeters,
    int gateways,
    Duration every,
    Duration before,
    Duration after,
    int stormMeters,
    int payments,
    Path workDir,
    String simulatorHeap) {}
