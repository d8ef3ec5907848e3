package io.deepscore.spark.cluster;

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

/**
 * What a Spark standalone master reports about itself at {@code <web UI>/json/}: its state, its
 * workers and the applications it runs or ran.
 *
 * @param url the master's URL ({@code spark://host:port})
 * @param status {@code ALIVE}, {@code STANDBY}, ...
 * @param workers the registered workers, in the master's order
 * @param activeApps running or waiting applications
 * @param completedApps finished, failed or killed applications
 * @param drivers drivers the master runs or ran on its workers (spark-submit --deploy-mode
 *     cluster), running ones first
 */
public record MasterStatus(
    String url,
    String status,
    List<Worker> workers,
    List<App> activeApps,
    List<App> completedApps,
    List<Driver> drivers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One worker as the master sees it (memory in MiB). */
  public record Worker(
      String id,
      String host,
      int port,
      String webUi,
      int cores,
      int coresUsed,
      int memoryMb,
      int memoryUsedMb,
      String state) {}

  /** One application as the master sees it. */
  public record App(String id, String name, String state, int cores, int memoryPerExecutorMb) {}

  /** A driver run on a worker: its id, state (RUNNING, FINISHED, FAILED, ...) and worker id. */
  public record Driver(String id, String state, String worker) {}

  /** Copies the lists. */
  public MasterStatus {
    workers = List.copyOf(workers);
    activeApps = List.copyOf(activeApps);
    completedApps = List.copyOf(completedApps);
    drivers = List.copyOf(drivers);
  }

  /**
   * Reads {@code <webUi>/json/}.
   *
   * @throws IOException if the master does not answer (not running, or still starting)
   */
  public static MasterStatus fetch(URI webUi) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(webUi.resolve("/json/")).timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "the master's web UI answered HTTP " + response.statusCode() + " at " + request.uri());
      }
      return parse(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + request.uri(), e);
    }
  }

  /** Parses the master's JSON; fields it does not know are ignored, missing ones are 0 or "". */
  static MasterStatus parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    List<Worker> workers = new ArrayList<>();
    for (JsonNode w : root.path("workers")) {
      workers.add(
          new Worker(
              w.path("id").asText(),
              w.path("host").asText(),
              w.path("port").asInt(),
              w.path("webuiaddress").asText(),
              w.path("cores").asInt(),
              w.path("coresused").asInt(),
              w.path("memory").asInt(),
              w.path("memoryused").asInt(),
              w.path("state").asText()));
    }
    return new MasterStatus(
        root.path("url").asText(),
        root.path("status").asText(),
        workers,
        apps(root.path("activeapps")),
        apps(root.path("completedapps")),
        drivers(root));
  }

  private static List<Driver> drivers(JsonNode root) {
    List<Driver> drivers = new ArrayList<>();
    for (String list : new String[] {"activedrivers", "completeddrivers"}) {
      for (JsonNode d : root.path(list)) {
        drivers.add(
            new Driver(d.path("id").asText(), d.path("state").asText(), d.path("worker").asText()));
      }
    }
    return drivers;
  }

  private static List<App> apps(JsonNode array) {
    List<App> apps = new ArrayList<>();
    for (JsonNode a : array) {
      apps.add(
          new App(
              a.path("id").asText(),
              a.path("name").asText(),
              a.path("state").asText(),
              a.path("cores").asInt(),
              a.path("memoryperexecutor").asInt()));
    }
    return apps;
  }

  /** Workers in state ALIVE. */
  public long aliveWorkers() {
    return workers.stream().filter(w -> w.state().equals("ALIVE")).count();
  }
}
