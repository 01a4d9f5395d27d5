package org.urja.headend.demo;

import java.util.ArrayList;
import java.util.List;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.server.CosemServerHandler;
import org.urja.protocol.server.ServerSettings;
import org.urja.simulator.fleet.Fleet;
import org.urja.simulator.fleet.GatewayLogin;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.fleet.TcpFleet;

/** Starts the simulated fleets a command asked for. */
public final class FleetLauncher {
  private FleetLauncher() {}

  public static List<Fleet> start(FleetOptions o, MeterModel model, String hesHost, int hesPort, String mqttUri)
      throws Exception {
    return start(o, model, hesHost, hesPort, mqttUri, GatewayLogin.ANONYMOUS);
  }

  /** @param login how the MQTT gateways log in (TLS, per-gateway passwords) */
  public static List<Fleet> start(FleetOptions o, MeterModel model, String hesHost, int hesPort, String mqttUri,
      GatewayLogin login) throws Exception {
    List<Fleet> fleets = new ArrayList<>();
    try {
      if (o.tcpMeters > 0) {
        fleets.add(new TcpFleet(o.tcpFleet(), model, hesHost, hesPort, o.simThreads,
            m -> new CosemServerHandler(m, ServerSettings.open())).start());
      }
      if (o.mqttMeters > 0 && mqttUri != null) {
        fleets.add(new MqttFleet(o.mqttFleet(), model, mqttUri, o.gateways, login).start());
      }
      return fleets;
    } catch (Exception e) {
      fleets.forEach(Fleet::close);
      throw e;
    }
  }
}
