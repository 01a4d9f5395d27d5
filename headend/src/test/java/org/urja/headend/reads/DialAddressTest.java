package org.urja.headend.reads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialAddressTest {
  @Test
  void hostsIpv4AndBracketedIpv6AddressesWithAPortAreAccepted() {
    assertThat(DialAddress.parse("10.20.1.7:4059")).isEqualTo(new DialAddress("10.20.1.7", 4059));
    assertThat(DialAddress.parse("meter-17.feeder4.example:4059").host())
        .isEqualTo("meter-17.feeder4.example");
    assertThat(DialAddress.parse("[fd00::7]:4059")).isEqualTo(new DialAddress("fd00::7", 4059));
    assertThat(DialAddress.parse("[fd00::7]:4059")).hasToString("[fd00::7]:4059");
  }

  @Test
  void anythingElseIsNotAnAddress() {
    for (String bad :
        new String[] {
          "10.20.1.7",
          "10.20.1.7:",
          ":4059",
          "10.20.1.7:0",
          "10.20.1.7:65536",
          "fd00::7:4059",
          "host name:4059",
          "10.20.1.7:40x9",
          "a;b:1"
        }) {
      assertThat(DialAddress.tryParse(bad)).as(bad).isEmpty();
    }
  }
}
