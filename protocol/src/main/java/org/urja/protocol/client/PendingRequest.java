package org.urja.protocol.client;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.urja.protocol.apdu.Aare;
import org.urja.protocol.apdu.ActionRequestNormal;
import org.urja.protocol.apdu.ActionResponseNormal;
import org.urja.protocol.apdu.ConfirmedServiceError;
import org.urja.protocol.apdu.Conformance;
import org.urja.protocol.apdu.CosemPdu;
import org.urja.protocol.apdu.ExceptionResponse;
import org.urja.protocol.apdu.GetRequestNext;
import org.urja.protocol.apdu.GetRequestNormal;
import org.urja.protocol.apdu.GetResponseNormal;
import org.urja.protocol.apdu.GetResponseWithDatablock;
import org.urja.protocol.apdu.InitiateRequest;
import org.urja.protocol.apdu.InitiateResponse;
import org.urja.protocol.apdu.Rlre;
import org.urja.protocol.apdu.Rlrq;
import org.urja.protocol.apdu.SetRequestNormal;
import org.urja.protocol.apdu.SetResponseNormal;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.AxdrLimits;
import org.urja.protocol.axdr.DataCodec;
import org.urja.protocol.axdr.DlmsData;
import org.urja.protocol.cosem.ActionResult;
import org.urja.protocol.cosem.AttributeRef;
import org.urja.protocol.cosem.CosemAccessException;
import org.urja.protocol.cosem.DataAccessResult;
import org.urja.protocol.cosem.MethodRef;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.security.CipheringException;

/**
 * One request of an association and what to do with its response. {@link #accept} either finishes
 * the future and returns empty, or returns the next APDU to send (GET-Request-Next).
 */
abstract class PendingRequest<T> {
  final CompletableFuture<T> future = new CompletableFuture<>();
  int invokeIdAndPriority;

  abstract byte[] request();

  /**
   * The conformance bit this request needs and the service's name, or 0 for the ACSE requests,
   * which need none.
   */
  int requiredConformance() {
    return 0;
  }

  String serviceName() {
    return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /** True for the ACSE requests, whose responses carry no invoke id. */
  boolean acse() {
    return false;
  }

  /** The tag of the ACSE answer an ACSE request waits for: AARE (0x61) or RLRE (0x63). */
  int acseAnswer() {
    return 0;
  }

  final Optional<byte[]> accept(CosemPdu pdu) {
    if (pdu instanceof ExceptionResponse e) {
      future.completeExceptionally(new DlmsServiceException(e));
      return Optional.empty();
    }
    if (pdu instanceof ConfirmedServiceError e) {
      future.completeExceptionally(new DlmsServiceException("meter answered with " + e));
      return Optional.empty();
    }
    return handle(pdu);
  }

  abstract Optional<byte[]> handle(CosemPdu pdu);

  void unexpected(CosemPdu pdu) {
    future.completeExceptionally(
        new DlmsServiceException("unexpected response " + pdu.getClass().getSimpleName()));
  }

  static final class Associate extends PendingRequest<InitiateResponse> {
    private final byte[] aarq;

    Associate(byte[] aarq) {
      this.aarq = aarq;
    }

    @Override
    byte[] request() {
      return aarq;
    }

    @Override
    boolean acse() {
      return true;
    }

    @Override
    int acseAnswer() {
      return 0x61;
    }

    @Override
    Optional<byte[]> handle(CosemPdu pdu) {
      if (pdu instanceof Aare aare && aare.isAccepted() && aare.initiateResponse().isPresent()) {
        future.complete(aare.initiateResponse().get());
      } else if (pdu instanceof Aare aare) {
        future.completeExceptionally(new AssociationRejectedException(aare));
      } else {
        unexpected(pdu);
      }
      return Optional.empty();
    }
  }

  /**
   * AARQ for a ciphered association and, with HLS-GMAC, pass 3 and 4 of the authentication: the
   * reply_to_HLS_authentication ACTION on the current association object, whose answer must carry
   * the meter's f(CtoS). The future completes only when the meter has proven it holds the keys.
   */
  static final class SecureAssociate extends PendingRequest<InitiateResponse> {
    static final MethodRef REPLY_TO_HLS_AUTHENTICATION =
        new MethodRef(15, ObisCode.parse("0.0.40.0.0.255"), 1);

    private final ClientCiphering ciphering;
    private final InitiateRequest initiateRequest;
    private InitiateResponse initiate;

    SecureAssociate(ClientCiphering ciphering, InitiateRequest initiateRequest) {
      this.ciphering = ciphering;
      this.initiateRequest = initiateRequest;
    }

    /** Made when sent, on the event loop: it takes a counter and a fresh challenge. */
    @Override
    byte[] request() {
      return ciphering.aarq(initiateRequest).encode();
    }

    @Override
    boolean acse() {
      return initiate == null;
    }

    @Override
    int acseAnswer() {
      return 0x61;
    }

    @Override
    Optional<byte[]> handle(CosemPdu pdu) {
      try {
        if (initiate == null) {
          return aare(pdu);
        }
        if (pdu instanceof ActionResponseNormal r
            && r.result() == ActionResult.SUCCESS
            && r.returnData().orElse(null) instanceof DlmsData.Octets fCtoS) {
          ciphering.verifyMetersAnswer(fCtoS.value());
          future.complete(initiate);
        } else if (pdu instanceof ActionResponseNormal r) {
          future.completeExceptionally(
              new CipheringException(
                  CipheringException.Reason.BAD_TAG,
                  "the meter refused the answer to its challenge (" + r.result() + ")"));
        } else {
          unexpected(pdu);
        }
      } catch (CipheringException | AxdrException e) {
        future.completeExceptionally(e);
      }
      return Optional.empty();
    }

    private Optional<byte[]> aare(CosemPdu pdu) {
      if (!(pdu instanceof Aare aare)) {
        unexpected(pdu);
        return Optional.empty();
      }
      if (!aare.isAccepted()) {
        future.completeExceptionally(new AssociationRejectedException(aare));
        return Optional.empty();
      }
      InitiateResponse init = ciphering.accept(aare);
      if (!ciphering.hlsGmac()) {
        future.complete(init);
        return Optional.empty();
      }
      initiate = init;
      DlmsData answer = DlmsData.octets(ciphering.answerChallenge(aare));
      return Optional.of(
          new ActionRequestNormal(
                  invokeIdAndPriority, REPLY_TO_HLS_AUTHENTICATION, Optional.of(answer))
              .encode());
    }
  }

  static final class Release extends PendingRequest<Void> {
    @Override
    byte[] request() {
      return new Rlrq(Optional.of(Rlrq.NORMAL)).encode();
    }

    @Override
    boolean acse() {
      return true;
    }

    @Override
    int acseAnswer() {
      return 0x63;
    }

    @Override
    Optional<byte[]> handle(CosemPdu pdu) {
      if (pdu instanceof Rlre) {
        future.complete(null);
      } else {
        unexpected(pdu);
      }
      return Optional.empty();
    }
  }

  static final class Get extends PendingRequest<DlmsData> {
    private final AttributeRef ref;
    private final ByteArrayOutputStream blocks = new ByteArrayOutputStream();
    private long lastBlock;

    Get(AttributeRef ref) {
      this.ref = ref;
    }

    @Override
    int requiredConformance() {
      return Conformance.GET;
    }

    @Override
    byte[] request() {
      return new GetRequestNormal(invokeIdAndPriority, ref).encode();
    }

    @Override
    Optional<byte[]> handle(CosemPdu pdu) {
      if (pdu instanceof GetResponseNormal r) {
        if (r.data().isPresent()) {
          future.complete(r.data().get());
        } else {
          future.completeExceptionally(new CosemAccessException(r.result(), "GET " + ref));
        }
      } else if (pdu instanceof GetResponseWithDatablock b) {
        return block(b);
      } else {
        unexpected(pdu);
      }
      return Optional.empty();
    }

    private Optional<byte[]> block(GetResponseWithDatablock b) {
      if (b.rawData().isEmpty()) {
        future.completeExceptionally(
            new CosemAccessException(b.result(), "GET " + ref + " block " + b.blockNumber()));
        return Optional.empty();
      }
      if (b.blockNumber() != lastBlock + 1) {
        future.completeExceptionally(
            new CosemAccessException(
                DataAccessResult.DATA_BLOCK_NUMBER_INVALID,
                "GET " + ref + ": block " + b.blockNumber() + " after " + lastBlock));
        return Optional.empty();
      }
      lastBlock = b.blockNumber();
      byte[] raw = b.rawData().get();
      if (blocks.size() + (long) raw.length > AxdrLimits.MAX_BLOCK_TRANSFER_BYTES) {
        // a meter that keeps sending blocks must not grow this buffer without end
        future.completeExceptionally(
            new AxdrException(
                "GET "
                    + ref
                    + ": data blocks exceed "
                    + AxdrLimits.MAX_BLOCK_TRANSFER_BYTES
                    + " bytes"));
        return Optional.empty();
      }
      blocks.writeBytes(raw);
      if (!b.lastBlock()) {
        return Optional.of(new GetRequestNext(invokeIdAndPriority, lastBlock).encode());
      }
      try {
        future.complete(DataCodec.decode(blocks.toByteArray()));
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
      return Optional.empty();
    }
  }

  static final class Set extends PendingRequest<Void> {
    private final AttributeRef ref;
    private final DlmsData value;

    Set(AttributeRef ref, DlmsData value) {
      this.ref = ref;
      this.value = value;
    }

    @Override
    int requiredConformance() {
      return Conformance.SET;
    }

    @Override
    byte[] request() {
      return new SetRequestNormal(invokeIdAndPriority, ref, value).encode();
    }

    @Override
    Optional<byte[]> handle(CosemPdu pdu) {
      if (pdu instanceof SetResponseNormal r && r.result() == DataAccessResult.SUCCESS) {
        future.complete(null);
      } else if (pdu instanceof SetResponseNormal r) {
        future.completeExceptionally(new CosemAccessException(r.result(), "SET " + ref));
      } else {
        unexpected(pdu);
      }
      return Optional.empty();
    }
  }

  static final class Action extends PendingRequest<Optional<DlmsData>> {
    private final MethodRef ref;
    private final DlmsData parameters;

    Action(MethodRef ref, DlmsData parameters) {
      this.ref = ref;
      this.parameters = parameters;
    }

    @Override
    int requiredConformance() {
      return Conformance.ACTION;
    }

    @Override
    byte[] request() {
      return new ActionRequestNormal(invokeIdAndPriority, ref, Optional.ofNullable(parameters))
          .encode();
    }

    @Override
    Optional<byte[]> handle(CosemPdu pdu) {
      if (pdu instanceof ActionResponseNormal r && r.result() == ActionResult.SUCCESS) {
        future.complete(r.returnData());
      } else if (pdu instanceof ActionResponseNormal r) {
        future.completeExceptionally(new CosemAccessException(r.result(), "ACTION " + ref));
      } else {
        unexpected(pdu);
      }
      return Optional.empty();
    }
  }
}
