package org.urja.headend.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.urja.headend.api.Router.Route;
import org.urja.headend.app.HeadEnd;
import org.urja.headend.config.UrjaConfig;
import org.urja.ingest.db.PostgresTestSupport;

/**
 * {@code /openapi.json} describes every route the node answers — the API's and those served by
 * their own handlers (health, metrics, webhooks, signed documents, the dashboard) — with every
 * status each can answer and the schema of each answer, and it is a valid OpenAPI 3 document.
 */
class OpenApiDocumentIsCompleteTest extends PostgresTestSupport {
  HeadEnd hes;
  JsonNode doc;

  @BeforeAll
  void start() throws Exception {
    UrjaConfig cfg =
        UrjaConfig.defaults()
            .with("tcp.port", "0")
            .with("http.port", "0")
            .with("tcp.bind", "127.0.0.1");
    hes = HeadEnd.start(cfg, databaseConfig(), Optional.empty());
    ApiClient.Answer a = new ApiClient(hes.httpPort()).get(null, "/openapi.json");
    assertThat(a.status()).isEqualTo(200);
    doc = a.json();
  }

  @AfterAll
  void stop() {
    hes.close();
  }

  @Test
  void everyRouteOfTheRouterDeclaresAnAnswerWithItsSchemaAndTheDocumentListsIt() {
    List<String> missing = new ArrayList<>();
    for (Route r : hes.api().router().routes()) {
      String name = r.method() + " " + r.template();
      boolean success =
          r.responses().stream()
              .anyMatch(
                  x ->
                      !x.isError() && (x.schema() != null || !x.mediaType().equals(Response.JSON)));
      if (!success) {
        missing.add(name + ": declares no success answer with a schema (.returns)");
      }
      JsonNode op = doc.path("paths").path(r.template()).path(r.method().toLowerCase());
      if (op.isMissingNode()) {
        missing.add(name + ": not in /openapi.json");
        continue;
      }
      JsonNode responses = op.path("responses");
      responses
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode content = e.getValue().path("content");
                if (!content.fields().hasNext()
                    || !content.fields().next().getValue().has("schema")) {
                  missing.add(name + " " + e.getKey() + ": no content schema");
                }
              });
      if (!r.external()) {
        assertThat(responses.has("401") && responses.has("403")).as(name).isTrue();
      }
      if (!r.body().isEmpty()) {
        assertThat(responses.has("400") && responses.has("413")).as(name).isTrue();
      }
      if (!r.params().isEmpty()) {
        assertThat(responses.has("404")).as(name + " names something that may not exist").isTrue();
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyPathTheNodeServesIsInTheDocument() {
    List<String> paths = new ArrayList<>();
    doc.path("paths").fieldNames().forEachRemaining(paths::add);
    for (String mount : hes.httpMounts()) {
      assertThat(paths)
          .as("the node serves %s", mount)
          .anyMatch(p -> p.equals(mount) || p.startsWith(mount + "/"));
    }
    assertThat(paths)
        .contains(
            "/health",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/webhooks/whatsapp",
            "/documents/{kind}/{id}.pdf",
            "/dashboard",
            "/openapi.json");
    assertThat(doc.at("/paths/~1webhooks~1whatsapp/post/security")).isEmpty();
  }

  @Test
  void theAnswersNameTheirStatusesAndSchemas() {
    JsonNode post = doc.at("/paths/~1api~1payments/post/responses");
    assertThat(post.has("201") && post.has("200") && post.has("409") && post.has("422")).isTrue();
    assertThat(post.at("/404/description").asText()).contains("account_not_found");
    assertThat(
            post.at("/201/content/application~1json/schema/properties/receiptNumber/type").asText())
        .isEqualTo("string");
    assertThat(
            post.at("/201/content/application~1json/schema/properties/amountPaise/type").asText())
        .isEqualTo("integer");
    assertThat(post.at("/409/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/Error");
    JsonNode list = doc.at("/paths/~1api~1accounts~1{accountId}~1statement/get/responses/200");
    assertThat(
            list.at(
                    "/content/application~1json/schema/properties/items/items/properties/details/type")
                .asText())
        .isEqualTo("object");
    assertThat(
            doc.at("/paths/~1api~1bills~1{billNo}.pdf/get/responses/200/content")
                .has("application/pdf"))
        .isTrue();
  }

  @Test
  void theDocumentIsAValidOpenApi3Document() throws Exception {
    SwaggerParseResult parsed =
        new OpenAPIV3Parser().readContents(JsonExchange.JSON.writeValueAsString(doc), null, null);
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getPaths()).hasSize(doc.path("paths").size());
  }
}
