package io.deepscore.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running driver's monitoring REST API ({@code http://127.0.0.1:<ui port>/api/v1}): which tasks
 * run where. Answers empty while the driver is not up (or already gone).
 */
final class DriverRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  DriverRest(int uiPort) {
    this.base = URI.create("http://127.0.0.1:" + uiPort + "/api/v1/");
  }

  /** A stage in progress: tasks done, running and failed so far. */
  record Stage(String name, int complete, int active, int failed) {}

  /** The stages in progress, empty if the driver does not answer. */
  List<Stage> activeStages() {
    List<Stage> stages = new ArrayList<>();
    appPath("stages?status=active")
        .ifPresent(
            array -> {
              for (JsonNode s : array) {
                stages.add(
                    new Stage(
                        s.path("name").asText(),
                        s.path("numCompleteTasks").asInt(),
                        s.path("numActiveTasks").asInt(),
                        s.path("numFailedTasks").asInt()));
              }
            });
    return stages;
  }

  /** The application's id, once the driver answers. */
  Optional<String> appId() {
    return get("applications")
        .filter(apps -> apps.size() > 0)
        .map(apps -> apps.get(0).path("id").asText());
  }

  /** Ids of the executors running at least one task now. */
  List<String> busyExecutors() {
    List<String> busy = new ArrayList<>();
    appPath("executors")
        .ifPresent(
            array -> {
              for (JsonNode e : array) {
                if (e.path("activeTasks").asInt() > 0 && !e.path("id").asText().equals("driver")) {
                  busy.add(e.path("id").asText());
                }
              }
            });
    return busy;
  }

  private Optional<JsonNode> appPath(String path) {
    return appId().flatMap(id -> get("applications/" + id + "/" + path));
  }

  private Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
