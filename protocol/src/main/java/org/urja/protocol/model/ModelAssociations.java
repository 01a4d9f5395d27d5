package org.urja.protocol.model;

import java.util.List;
import java.util.Optional;
import org.urja.protocol.security.AssociationSpec;

/**
 * The associations a meter model offers and which one the head-end uses for reads, for SETs and for
 * ACTIONs (the relay). Invariant: the three chosen names are among {@link #all}, and names are
 * unique.
 */
public record ModelAssociations(
    List<AssociationSpec> all, String forReads, String forSets, String forActions) {

  public ModelAssociations {
    all = List.copyOf(all);
    if (all.stream().map(AssociationSpec::name).distinct().count() != all.size()) {
      throw new IllegalArgumentException("association names must be unique");
    }
    for (String chosen : List.of(forReads, forSets, forActions)) {
      if (all.stream().noneMatch(a -> a.name().equals(chosen))) {
        throw new IllegalArgumentException("no association named '" + chosen + "'");
      }
    }
  }

  /**
   * IS 15959-2: public client (16), meter reader (32, LLS) for reads, utility settings (48,
   * HLS-GMAC, suite 0) for SETs and ACTIONs.
   */
  public static ModelAssociations is15959() {
    return new ModelAssociations(
        List.of(
            AssociationSpec.PUBLIC_CLIENT,
            AssociationSpec.METER_READER,
            AssociationSpec.UTILITY_SETTINGS),
        AssociationSpec.METER_READER.name(),
        AssociationSpec.UTILITY_SETTINGS.name(),
        AssociationSpec.UTILITY_SETTINGS.name());
  }

  public Optional<AssociationSpec> find(String name) {
    return all.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  public AssociationSpec reads() {
    return find(forReads).orElseThrow();
  }

  public AssociationSpec sets() {
    return find(forSets).orElseThrow();
  }

  public AssociationSpec actions() {
    return find(forActions).orElseThrow();
  }
}
