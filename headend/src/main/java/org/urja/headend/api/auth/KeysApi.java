package org.urja.headend.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.urja.headend.api.ApiError;
import org.urja.headend.api.Call;
import org.urja.headend.api.Field;
import org.urja.headend.api.JsonExchange;
import org.urja.headend.api.Router;
import org.urja.headend.api.Schema;

/** Operators create and revoke keys within their own utility; the secret is shown once. */
public final class KeysApi {
  private final ApiKeys keys;

  public KeysApi(ApiKeys keys) {
    this.keys = keys;
  }

  public void register(Router r) {
    r.add(
            "POST",
            "/api/keys",
            Router.operator(),
            "create a key {name, role, utility?}; the secret is returned once",
            this::create)
        .body(
            Field.required("name", "string"),
            Field.required("role", "string").about("operator, payment-gateway or consumer-channel"),
            Field.optional("utility", "string"))
        .returns(201, Schema.of(ApiKeys.IssuedKey.class))
        .fails(403, "other_utility");
    r.add("DELETE", "/api/keys/{id}", Router.operator(), "revoke a key", this::revoke)
        .returns(200, Schema.row("id:integer, revoked:boolean"))
        .fails(400, "invalid_field")
        .fails(404, "key_not_found");
  }

  private void create(Call call) throws Exception {
    JsonNode body = call.body();
    String name = JsonExchange.text(body, "name");
    Role role;
    try {
      role = Role.fromWire(JsonExchange.text(body, "role"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badField("role", e.getMessage());
    }
    String utility =
        body.hasNonNull("utility")
            ? JsonExchange.text(body, "utility")
            : call.principal().utilityId();
    if (call.principal().utilityId() != null && !call.principal().utilityId().equals(utility)) {
      throw new ApiError(
          403,
          "other_utility",
          "this key may only create keys for " + call.principal().utilityId(),
          "utility");
    }
    ApiKeys.IssuedKey k = keys.create(name, role, utility, call.principal().subject());
    call.audit("key " + k.id() + " " + role.wire() + " " + name);
    call.send(201, k);
  }

  private void revoke(Call call) throws Exception {
    long id;
    try {
      id = Long.parseLong(call.path("id"));
    } catch (NumberFormatException e) {
      throw ApiError.badField("id", "key id must be a number");
    }
    call.audit("revoke key " + id);
    if (!keys.revoke(id, call.principal().utilityId())) {
      throw new ApiError(404, "key_not_found", "no live key " + id + " in this utility", null);
    }
    call.send(200, java.util.Map.of("id", id, "revoked", true));
  }
}
