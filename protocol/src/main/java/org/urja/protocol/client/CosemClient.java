package org.urja.protocol.client;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.MethodRef;

/**
 * An open application association with one meter, as seen by the head-end. Two implementations: one
 * runs over a connection the meter opened to the head-end (Netty, no thread per meter), one dials
 * meters that listen (jDLMS). Futures fail with {@link
 * org.urja.protocol.cosem.CosemAccessException} when the meter refuses, and with a timeout or I/O
 * exception when it does not answer.
 */
public interface CosemClient extends AutoCloseable {
  CompletableFuture<DlmsData> get(AttributeRef ref);

  CompletableFuture<Void> set(AttributeRef ref, DlmsData value);

  CompletableFuture<Optional<DlmsData>> action(MethodRef ref, DlmsData parameters);

  @Override
  void close();
}
