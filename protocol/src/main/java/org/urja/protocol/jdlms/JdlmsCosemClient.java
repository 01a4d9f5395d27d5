package org.urja.protocol.jdlms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.MethodParameter;
import org.openmuc.jdlms.MethodResult;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.SetParameter;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.settings.client.ReferencingMethod;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.client.ClientSettings;
import org.urja.protocol.client.CosemClient;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;

/**
 * A head-end-initiated association through jDLMS, for meters that listen. jDLMS blocks a thread per
 * call (and runs a reader thread per connection), so calls run on an executor and come back as
 * futures; use it for the few meters that are dialled, not for the pushing fleet.
 */
public final class JdlmsCosemClient implements CosemClient {
  private final DlmsConnection connection;
  private final ExecutorService executor;
  private final boolean ownsExecutor;

  private JdlmsCosemClient(
      DlmsConnection connection, ExecutorService executor, boolean ownsExecutor) {
    this.connection = connection;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
  }

  /** Connects and associates (blocking), running later calls on the caller's executor. */
  public static JdlmsCosemClient connect(
      InetSocketAddress meter, ClientSettings settings, ExecutorService executor)
      throws IOException {
    return new JdlmsCosemClient(open(meter, settings), executor, false);
  }

  /** Connects and associates (blocking), with a thread of its own for later calls. */
  public static JdlmsCosemClient connect(InetSocketAddress meter, ClientSettings settings)
      throws IOException {
    ExecutorService own =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "jdlms-" + meter);
              t.setDaemon(true);
              return t;
            });
    try {
      return new JdlmsCosemClient(open(meter, settings), own, true);
    } catch (IOException | RuntimeException e) {
      own.shutdownNow();
      throw e;
    }
  }

  private static DlmsConnection open(InetSocketAddress meter, ClientSettings settings)
      throws IOException {
    TcpConnectionBuilder b =
        new TcpConnectionBuilder(meter.getAddress())
            .setPort(meter.getPort())
            .useWrapper()
            .setClientId(settings.clientWPort())
            .setLogicalDeviceId(settings.serverWPort())
            .setReferencingMethod(ReferencingMethod.LOGICAL)
            .setResponseTimeout((int) settings.responseTimeout().toMillis());
    if (settings.password().isPresent()) {
      b.setSecuritySuite(
          SecuritySuite.builder()
              .setAuthenticationMechanism(AuthenticationMechanism.LOW)
              .setPassword(settings.password().get().getBytes(StandardCharsets.US_ASCII))
              .build());
    }
    return b.build();
  }

  @Override
  public CompletableFuture<DlmsData> get(AttributeRef ref) {
    return CompletableFuture.supplyAsync(
        () -> {
          GetResult r = io(() -> connection.get(address(ref)));
          if (r.getResultCode() != AccessResultCode.SUCCESS) {
            throw new CosemAccessException(
                DataAccessResult.of((int) r.getResultCode().getCode()), "GET " + ref);
          }
          return JdlmsData.fromJdlms(r.getResultData());
        },
        executor);
  }

  @Override
  public CompletableFuture<Void> set(AttributeRef ref, DlmsData value) {
    return CompletableFuture.supplyAsync(
        () -> {
          AccessResultCode code =
              io(() -> connection.set(new SetParameter(address(ref), JdlmsData.toJdlms(value))));
          if (code != AccessResultCode.SUCCESS) {
            throw new CosemAccessException(DataAccessResult.of((int) code.getCode()), "SET " + ref);
          }
          return null;
        },
        executor);
  }

  @Override
  public CompletableFuture<Optional<DlmsData>> action(MethodRef ref, DlmsData parameters) {
    return CompletableFuture.supplyAsync(
        () -> {
          ObisCode obis = obis(ref.obis());
          MethodParameter p =
              parameters == null || parameters instanceof DlmsData.Null
                  ? new MethodParameter(ref.classId(), obis, ref.methodId())
                  : new MethodParameter(
                      ref.classId(), obis, ref.methodId(), JdlmsData.toJdlms(parameters));
          MethodResult r = io(() -> connection.action(p));
          if (r.getResultCode() != MethodResultCode.SUCCESS) {
            throw new CosemAccessException(
                ActionResult.of((int) r.getResultCode().getCode()), "ACTION " + ref);
          }
          DataObject data = r.getResultData();
          return data == null ? Optional.<DlmsData>empty() : Optional.of(JdlmsData.fromJdlms(data));
        },
        executor);
  }

  /** Releases the association and closes the connection. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (ownsExecutor) {
        executor.shutdown();
      }
    }
  }

  private static AttributeAddress address(AttributeRef ref) {
    SelectiveAccessDescription access =
        ref.access()
            .map(
                a ->
                    new SelectiveAccessDescription(a.selector(), JdlmsData.toJdlms(a.parameters())))
            .orElse(null);
    return new AttributeAddress(ref.classId(), obis(ref.obis()), ref.attributeId(), access);
  }

  private static ObisCode obis(org.urja.protocol.obis.ObisCode o) {
    return new ObisCode(o.a(), o.b(), o.c(), o.d(), o.e(), o.f());
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private static <T> T io(IoCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
