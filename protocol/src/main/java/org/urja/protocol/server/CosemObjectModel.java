package org.urja.protocol.server;

import java.util.Optional;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.MethodRef;

/**
 * What a COSEM server (a meter, or the simulator's meter) exposes to the association layer. The
 * protocol code decodes requests and encodes responses; the model only knows its objects.
 * Implementations throw {@link org.urja.protocol.cosem.CosemAccessException} to refuse.
 *
 * <p>Calls for one association arrive on that connection's event loop, one at a time.
 */
public interface CosemObjectModel {
  /** GET; {@code ref.access()} carries selective access for profile buffers. */
  DlmsData get(AttributeRef ref);

  void set(AttributeRef ref, DlmsData value);

  /** ACTION; the optional return parameters of the method. */
  Optional<DlmsData> action(MethodRef ref, DlmsData parameters);
}
