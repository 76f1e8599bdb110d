package dev.mixup.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.mixup.MixupServiceApplication;
import dev.mixup.testing.SmallDisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on a real 16 MB tmpfs that fills up: at every stage of an upload, a session's
 * statistics and a deletion, a full disk is a 507 problem, nothing half-written stays in
 * {@code tmp/} or {@code datasets/}, and everything works again once space is freed.
 */
class DiskFullTests {

    private static final long DISK_BYTES = 16L << 20;

    private static SmallDisk disk;
    private static ConfigurableApplicationContext app;
    private static ApiClient api;
    private static int port;

    /** About 200 KB, uncompressed. */
    private static byte[] smallDataset;

    @BeforeAll
    static void start() throws Exception {
        disk = SmallDisk.mount("disk-full", DISK_BYTES);
        app = new SpringApplicationBuilder(MixupServiceApplication.class)
                // relative, as the default ./mixup-data is: multipart parts must still be spooled there
                .run("--server.port=0", "--mixup.data-dir=" + Path.of("").toAbsolutePath().relativize(disk.directory()));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        api = new ApiClient(port, null);
        smallDataset = NpzFixtures.dataset(64, 32, 32, 3, 10);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    @AfterEach
    void freeSpace() throws Exception {
        disk.roomy();
    }

    @Test
    void anUploadThatCannotFitIsRefusedBeforeItsFirstByte() throws Exception {
        assertRefusedForLackOfRoom(() -> Answer.of(api.send("POST", "/v1/datasets?name=big", "application/octet-stream",
                smallDataset, null)), "no room for the upload");
    }

    @Test
    void aChunkedUploadStopsWhenTheDiskFillsUp() throws Exception {
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/datasets?name=chunked"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(smallDataset)))
                .build();
        assertRefusedForLackOfRoom(() -> Answer.of(HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofByteArray())),
                "no room for the upload");
    }

    @Test
    void aMultipartUploadThatCannotFitIsRefusedBeforeTheContainerSpoolsIt() throws Exception {
        assertRefusedForLackOfRoom(DiskFullTests::curlMultipart, "no room for the multipart upload");
    }

    /** Without a Content-Length the container spools the part until the kernel says ENOSPC. */
    @Test
    void aChunkedMultipartUploadThatFillsTheDiskLeavesNoPart() throws Exception {
        assertRefusedForLackOfRoom(() -> curlMultipart("-H", "Transfer-Encoding: chunked"),
                "the multipart upload could not be spooled");
    }

    /** With half the upload's size free: 507, nothing left behind, and the same upload works once space is freed. */
    private void assertRefusedForLackOfRoom(Callable<Answer> upload, String detail) throws Exception {
        List<String> before = datasetDirectories();
        disk.leaveFree(smallDataset.length / 2);

        assertInsufficientStorage(upload.call(), detail);
        assertNothingLeft(before);
        assertUploadWorksOnceSpaceIsFreed();
    }

    @Test
    void anArchiveThatExpandsBeyondTheFreeSpaceIsRefusedBeforeImport() throws Exception {
        List<String> before = datasetDirectories();
        byte[] zeros = NpzFixtures.compressedZeros(new long[] {64, 64, 64, 3}, 10);
        assertThat(zeros.length).isLessThan(8 << 10);
        disk.leaveFree(400 << 10);

        HttpResponse<byte[]> refused = api.send("POST", "/v1/datasets?name=zeros", "application/octet-stream", zeros, null);
        assertInsufficientStorage(refused, "no room for dataset 'zeros'");
        assertThat(api.json(refused).get("detail").asString()).contains("x.npy (64, 64, 64, 3) uint8 = 786560");
        assertNothingLeft(before);

        disk.roomy();
        assertThat(api.send("POST", "/v1/datasets?name=zeros", "application/octet-stream", zeros, null).statusCode())
                .isEqualTo(201);
    }

    /**
     * A full inode table makes the kernel answer ENOSPC to the n-th file created, whatever the free
     * space: the upload, the staging directory, x.npy, label-0.npy and manifest.json, in turn.
     */
    @Test
    void theDiskFillingUpAtAnyFileOfTheImportLeavesNothing() throws Exception {
        List<String> before = datasetDirectories();
        List<String> files = List.of("(upload-", "(dataset-", "(x.npy", "(label-0.npy", "(manifest.json");
        for (int created = 0; created < files.size(); created++) {
            disk.leaveInodes(created);
            assertInsufficientStorage(api.send("POST", "/v1/datasets?name=f" + created, "application/octet-stream",
                    smallDataset, null), "the data directory is full: cannot write dataset 'f" + created + "' " + files.get(created));
            assertNothingLeft(before);
            disk.roomy();
        }
        assertUploadWorksOnceSpaceIsFreed();
    }

    @Test
    void statisticsThatCannotBeKeptRefuseTheSessionAndLeaveNothing() throws Exception {
        String dataset = api.uploadDataset(smallDataset, "name=stats");
        Path statistics = disk.directory().resolve("datasets").resolve(dataset).resolve("statistics.npy");
        String featurewise = "{\"dataset_id\":\"" + dataset + "\",\"batch_size\":4,\"datagen\":{\"featurewise_center\":true}}";
        int sessions = api.listAll("/v1/sessions").size();
        disk.leaveInodes(0);

        assertInsufficientStorage(api.postJson("/v1/sessions", featurewise), "statistics of dataset " + dataset);
        assertThat(statistics).doesNotExist();
        assertThat(tmpFiles()).isEmpty();
        assertThat(api.listAll("/v1/sessions").size()).isEqualTo(sessions);

        disk.roomy();
        api.openSession(featurewise);
        assertThat(statistics).isRegularFile();
    }

    @Test
    void aDatasetCanBeDeletedOnAFullDisk() throws Exception {
        String dataset = api.uploadDataset(smallDataset, "name=doomed");
        disk.leaveFree(0);
        disk.leaveInodes(0);

        assertThat(api.send("DELETE", "/v1/datasets/" + dataset, null, null, null).statusCode()).isEqualTo(204);
        assertThat(disk.directory().resolve("datasets").resolve(dataset)).doesNotExist();
        assertThat(tmpFiles()).isEmpty();

        assertUploadWorksOnceSpaceIsFreed();
    }

    private static void assertInsufficientStorage(HttpResponse<byte[]> response, String detail) {
        assertInsufficientStorage(Answer.of(response), detail);
    }

    private static void assertInsufficientStorage(Answer answer, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(507);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(JsonMapper.builder().build().readTree(answer.body()).get("detail").asString()).contains(detail);
    }

    private record Answer(int status, String contentType, String body) {

        static Answer of(HttpResponse<byte[]> response) {
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(response.body()));
        }
    }

    /** curl's multipart encoding, with or without a Content-Length, as users send it. */
    private static Answer curlMultipart(String... options) throws Exception {
        Path file = Files.createTempFile("upload", ".npz");
        try {
            Files.write(file, smallDataset);
            List<String> command = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}\n%{content_type}"));
            command.addAll(List.of(options));
            command.addAll(List.of("-F", "file=@" + file, "http://localhost:" + port + "/v1/datasets"));
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes());
            assertThat(curl.waitFor()).as(output).isZero();
            String[] lines = output.split("\n");
            return new Answer(Integer.parseInt(lines[lines.length - 2]), lines[lines.length - 1],
                    String.join("\n", List.of(lines).subList(0, lines.length - 2)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void assertUploadWorksOnceSpaceIsFreed() throws Exception {
        disk.roomy();
        String id = api.uploadDataset(smallDataset, "name=again");
        assertThat(api.json(api.get("/v1/datasets/" + id)).get("samples").asLong()).isEqualTo(64);
    }

    private static void assertNothingLeft(List<String> datasetsBefore) throws IOException {
        assertThat(tmpFiles()).isEmpty();
        assertThat(datasetDirectories()).isEqualTo(datasetsBefore);
    }

    private static List<Path> tmpFiles() throws IOException {
        try (Stream<Path> files = Files.list(disk.directory().resolve("tmp"))) {
            return files.toList();
        }
    }

    private static List<String> datasetDirectories() throws IOException {
        try (Stream<Path> dirs = Files.list(disk.directory().resolve("datasets"))) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
