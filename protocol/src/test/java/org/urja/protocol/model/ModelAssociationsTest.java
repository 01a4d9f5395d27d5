package org.urja.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.urja.protocol.security.AssociationSpec;
import org.urja.protocol.security.AssociationSpec.Authentication;

class ModelAssociationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBundledModelSwitchesTheRelayOverTheUtilitySettingsAssociation() {
    MeterModel m = MeterModelCatalog.bundled().defaultModel();

    assertThat(m.associations().actions()).isEqualTo(AssociationSpec.UTILITY_SETTINGS);
    assertThat(m.associations().actions().clientSap()).isEqualTo(48);
    assertThat(m.associations().actions().authentication()).isEqualTo(Authentication.HIGH_GMAC);
    assertThat(m.associations().actions().ciphered()).isTrue();
    assertThat(m.associations().sets()).isEqualTo(AssociationSpec.UTILITY_SETTINGS);
    assertThat(m.associations().reads()).isEqualTo(AssociationSpec.METER_READER);
  }

  @Test
  void aModelFileWithoutAssociationsGetsTheIs15959Ones() throws Exception {
    MeterModel m =
        MeterModelCatalog.parse(JSON.readTree("{\"name\":\"old-make\",\"registers\":[]}"));

    assertThat(m.associations()).isEqualTo(ModelAssociations.is15959());
    assertThat(m.associations().find("public")).contains(AssociationSpec.PUBLIC_CLIENT);
  }

  @Test
  void aMakeWithItsOwnManagementClientIsReadFromItsFile() throws Exception {
    MeterModel m =
        MeterModelCatalog.parse(
            JSON.readTree(
                """
                {"name": "other-make",
                 "associations": {
                   "list": [
                     {"name": "public", "clientSap": 16, "authentication": "NONE"},
                     {"name": "management", "clientSap": 1, "serverLogicalAddress": 1,
                      "authentication": "HIGH_GMAC", "ciphered": true}],
                   "reads": "public", "sets": "management", "actions": "management"}}
                """));

    assertThat(m.associations().actions())
        .isEqualTo(new AssociationSpec("management", 1, 1, Authentication.HIGH_GMAC, true));
    assertThat(m.associations().reads().clientSap()).isEqualTo(16);
  }

  @Test
  void aChosenAssociationThatIsNotDeclaredIsRefused() {
    assertThatThrownBy(
            () ->
                MeterModelCatalog.parse(
                    JSON.readTree(
                        "{\"name\":\"x\",\"associations\":{\"list\":[{\"name\":\"public\","
                            + "\"clientSap\":16}],\"actions\":\"management\",\"reads\":\"public\","
                            + "\"sets\":\"public\"}}")))
        .hasMessageContaining("no association named 'management'");
  }

  @Test
  void hlsWithoutCipheringIsRefusedBecauseItNeedsTheCipheringKeys() {
    assertThatThrownBy(() -> new AssociationSpec("bad", 48, 1, Authentication.HIGH_GMAC, false))
        .hasMessageContaining("must be ciphered");
  }
}
