package org.urja.ingest.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * Tells a broker's "I do not speak MQTT 5" from other reasons a connect fails (network, refused
 * credentials, timeout), which must not be papered over by falling back to 3.1.1.
 */
final class ProtocolRefusal {
  private ProtocolRefusal() {}

  static boolean refusesV5(Throwable e) {
    if (!(e instanceof MqttException m)) {
      return false;
    }
    switch (m.getReasonCode()) {
      case MqttReturnCode.RETURN_CODE_UNSUPPORTED_PROTOCOL_VERSION: // a broker that knows 5 exists
      case MqttReturnCode.RETURN_CODE_PROTOCOL_ERROR:
      // a 3.1.1 broker answers a version-5 CONNECT with the 3.1.1 CONNACK "unacceptable protocol
      // version" (return code 1), which is no MQTT 5 reason code: Moquette 0.17, Mosquitto 1.x
      case MqttException.REASON_CODE_INVALID_RETURN_CODE:
      case MqttException.REASON_CODE_UNSUPPORTED_PROTOCOL_VERSION:
      case MqttException.REASON_CODE_MALFORMED_PACKET:
        return true;
      default:
        return false;
    }
  }
}
