package dev.mixup.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.mixup.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads written by real NumPy: every image dtype, label forms, multipart, and hostile files. */
@TestPropertySource(properties = "mixup.max-upload-bytes=1MB")
class DatasetUploadTests extends RunningServiceTests {

    @TempDir
    Path work;

    /** Writes {@code name.npz} in the work dir with NumPy; {@code arrays} is Python building the savez keywords. */
    private Path savez(String name, String arrays) throws Exception {
        Path file = work.resolve(name + ".npz");
        Python.run("import numpy as np, sys\nrng = np.random.default_rng(0)\n" + arrays, file.toString());
        return file;
    }

    private JsonNode upload(Path file, String query) throws Exception {
        HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?" + query, "application/octet-stream",
                Files.readAllBytes(file), null);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(201);
        return api.json(response);
    }

    /** The stored x.npy, read back by NumPy, equals the upload (narrowed to float32 where the contract says so). */
    private void assertStoredImagesEqual(String id, Path upload, String dtype) throws Exception {
        Path stored = dataDirectory.datasets().resolve(id).resolve("x.npy");
        String out = Python.run("import numpy as np, sys\nx = np.load(sys.argv[1])['x']\ns = np.load(sys.argv[2])\n"
                + "print(s.dtype, s.shape == x.shape, np.array_equal(s, x.astype(s.dtype), equal_nan=True))",
                upload.toString(), stored.toString());
        assertThat(out.strip()).isEqualTo(dtype + " True True");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uint8", "uint16", "float16", "float32", "float64", ">u2", "<f4"})
    void everyImageDtypeIsKeptOrNarrowedToFloat32(String dtype) throws Exception {
        Path file = savez("images", "np.savez(sys.argv[1], x=(rng.random((12, 4, 4, 3)) * 200).astype('" + dtype
                + "'), y=rng.integers(0, 3, 12))");
        JsonNode dataset = upload(file, "name=d");
        String stored = switch (dtype) {
            case "float64", "<f4" -> "float32";
            case ">u2" -> "uint16";
            default -> dtype;
        };
        assertThat(dataset.get("x").get("dtype").asString()).isEqualTo(stored);
        assertStoredImagesEqual(dataset.get("id").asString(), file, stored);
    }

    @Test
    void compressedArchivesAndGrayscaleWork() throws Exception {
        Path file = savez("gray", "np.savez_compressed(sys.argv[1], x=rng.integers(0, 256, (10, 5, 6), dtype=np.uint8),"
                + " y=rng.integers(0, 2, (10, 1)))");
        JsonNode dataset = upload(file, "name=g");
        assertThat(dataset.get("x").get("shape").toString()).isEqualTo("[10,5,6]");
        assertThat(dataset.get("labels").get(0).get("shape").toString()).isEqualTo("[10,2]");
        assertStoredImagesEqual(dataset.get("id").asString(), file, "uint8");
    }

    @Test
    void multiTaskLabelsKeepTheirOrderAndForms() throws Exception {
        Path file = savez("multi", "np.savez(sys.argv[1], images=rng.integers(0, 256, (20, 3, 3, 1), dtype=np.uint8),"
                + " digit=np.arange(20) % 4, bbox=rng.random((20, 4)), flag=(np.arange(20) % 2).astype(np.float32))");
        JsonNode dataset = upload(file, "name=m&x=images&y=bbox,digit,flag&num_classes=6");
        List<String> names = dataset.get("labels").valueStream().map(l -> l.get("name").asString()).toList();
        assertThat(names).containsExactly("bbox", "digit", "flag");
        assertThat(dataset.get("labels").get(0).get("shape").toString()).isEqualTo("[20,4]");
        assertThat(dataset.get("labels").get(1).get("shape").toString()).isEqualTo("[20,6]");
        assertThat(dataset.get("labels").get(2).get("shape").toString()).isEqualTo("[20]");
        assertThat(dataset.get("labels").valueStream().map(l -> l.get("one_hot_encoded").asBoolean()).toList())
                .as("only the class ids were one-hot encoded").containsExactly(false, true, false);

        String session = api.openSession("{\"dataset_id\":\"" + dataset.get("id").asString() + "\",\"batch_size\":5}");
        HttpResponse<byte[]> batch = api.send("POST", "/v1/sessions/" + session + "/next", null, null, null);
        assertThat(batch.headers().firstValue("Mixup-Arrays")).hasValue("x,bbox,digit,flag");
        Map<String, NpyArray> arrays = ApiClient.readNpz(batch.body());
        assertThat(arrays.get("bbox").shape()).containsExactly(5, 4);
        assertThat(arrays.get("digit").shape()).containsExactly(5, 6);
        assertThat(arrays.get("flag").shape()).containsExactly(5);
    }

    @Test
    void multipartUploadTakesItsNameFromTheFile() throws Exception {
        Path file = savez("from-form", "np.savez(sys.argv[1], x=rng.integers(0, 256, (8, 2, 2, 3), dtype=np.uint8),"
                + " y=np.arange(8) % 2)");
        Process curl = new ProcessBuilder("curl", "-sf", "-F", "file=@" + file, "http://localhost:" + port + "/v1/datasets")
                .redirectErrorStream(true).start();
        String body = new String(curl.getInputStream().readAllBytes());
        assertThat(curl.waitFor()).as(body).isZero();
        assertThat(api.listAll("/v1/datasets").stream().map(d -> d.get("name").asString()).toList()).contains("from-form");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostile_object.npz", "hostile_zip_bomb.npz", "hostile_lying_shape.npz", "hostile_truncated.npz",
            "hostile_not_zip.npz", "hostile_duplicate.npz", "hostile_crc.npz", "hostile_trailing.npz",
            "hostile_deflate_damaged.npz", "hostile_not_npy_member.npz", "hostile_directory_member.npz"})
    void hostileArchivesAreRejectedAndLeaveNothing(String fixture) throws Exception {
        byte[] body = Files.readAllBytes(Path.of("src/test/resources/npy", fixture));
        int before = api.listAll("/v1/datasets").size();
        HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?name=h", "application/octet-stream", body, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.json(response).get("detail").asString()).isNotBlank();
        assertThat(api.listAll("/v1/datasets").size()).isEqualTo(before);
        try (Stream<Path> leftovers = Files.list(dataDirectory.tmp())) {
            assertThat(leftovers.toList()).isEmpty();
        }
    }

    @Test
    void unsupportedArraysAreExplained() throws Exception {
        Map<String, String> cases = Map.of(
                "np.savez(sys.argv[1], x=np.asfortranarray(rng.integers(0, 9, (4, 3, 3, 2)).astype(np.uint8)), y=np.arange(4))",
                "ascontiguousarray",
                "np.savez(sys.argv[1], x=rng.integers(0, 9, (4, 3, 3, 2)).astype(np.int32), y=np.arange(4))",
                "int32",
                "np.savez(sys.argv[1], x=rng.integers(0, 9, (4, 9)).astype(np.uint8), y=np.arange(4))",
                "(N, H, W)",
                "np.savez(sys.argv[1], x=rng.integers(0, 9, (4, 3, 3)).astype(np.uint8), y=np.arange(5))",
                "one row per image",
                "np.savez(sys.argv[1], x=rng.integers(0, 9, (4, 3, 3)).astype(np.uint8), y=np.array([0, 1, -1, 2]))",
                "negative");
        int n = 0;
        for (var entry : cases.entrySet()) {
            Path file = savez("bad" + n++, entry.getKey());
            HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?name=b", "application/octet-stream",
                    Files.readAllBytes(file), null);
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(api.json(response).get("detail").asString()).as(entry.getKey()).contains(entry.getValue());
        }
    }

    @Test
    void uploadsOverTheLimitAreRefusedWith413() throws Exception {
        Path file = savez("big", "np.savez(sys.argv[1], x=np.zeros((400, 32, 32, 3), np.uint8), y=np.arange(400))");
        HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?name=big", "application/octet-stream",
                Files.readAllBytes(file), null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.json(response).get("detail").asString()).contains("max-upload-bytes");
    }

    /** With max-upload-bytes=1MB, max-dataset-bytes defaults to 4 MB = 4194304 bytes. */
    @Test
    void compressedZerosThatExpandBeyondTheDatasetLimitAreRefusedWith413() throws Exception {
        byte[] zeros = NpzFixtures.compressedZeros(new long[] {100, 128, 128, 3}, 10);
        assertThat(zeros.length).isLessThan(16 << 10);

        HttpResponse<byte[]> response = refusedLeavingNothing(zeros, "name=bomb");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.json(response).get("detail").asString())
                .contains("mixup.max-dataset-bytes = 4194304 bytes", "x.npy (100, 128, 128, 3) uint8 = 4915328");
    }

    @Test
    void oneHotLabelsThatExpandBeyondTheDatasetLimitAreRefusedWith413() throws Exception {
        byte[] npz = NpzFixtures.dataset(1000, 2, 2, 0, 2);

        HttpResponse<byte[]> wide = refusedLeavingNothing(npz, "name=wide&num_classes=2000");
        assertThat(wide.statusCode()).isEqualTo(413);
        assertThat(api.json(wide).get("detail").asString())
                .contains("label-0.npy 'y' one-hot (1000, 2000) float32 = 8000128", "mixup.max-dataset-bytes");

        HttpResponse<byte[]> absurd = refusedLeavingNothing(npz, "name=absurd&num_classes=1000000000");
        assertThat(absurd.statusCode()).isEqualTo(400);
        assertThat(api.json(absurd).get("detail").asString()).contains("num_classes must be in [1, 100000]");
    }

    /**
     * x.npy's header and the zip directory both claim 10^9 bytes, but the member inflates to 1 MB:
     * the claimed size is refused before anything is inflated or written.
     */
    @Test
    void aLyingSizeIsRefusedFromTheHeadersBeforeAnythingIsWritten() throws Exception {
        byte[] lying = NpzFixtures.lyingSize(new long[] {1000, 1000, 1000}, 1 << 20);

        HttpResponse<byte[]> response = refusedLeavingNothing(lying, "name=liar");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.json(response).get("detail").asString())
                .contains("x.npy (1000, 1000, 1000) uint8 = 1000000128", "mixup.max-dataset-bytes = 4194304 bytes");
    }

    private HttpResponse<byte[]> refusedLeavingNothing(byte[] npz, String query) throws Exception {
        int before = api.listAll("/v1/datasets").size();
        HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?" + query, "application/octet-stream", npz, null);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.listAll("/v1/datasets").size()).isEqualTo(before);
        try (Stream<Path> leftovers = Files.list(dataDirectory.tmp())) {
            assertThat(leftovers.toList()).isEmpty();
        }
        return response;
    }

    /** Tomcat reports a multipart body over its limit as "-1 bytes"; the answer names the real one. */
    @Test
    void multipartUploadsOverTheLimitAre413WithTheLimit() {
        String boundary = "mixupboundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.npz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 2 * 1024 * 1024 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, body.length - tail.length, tail.length);
        HttpResponse<byte[]> response = api.send("POST", "/v1/datasets?name=big", "multipart/form-data; boundary=" + boundary,
                body, null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(api.json(response).get("detail").asString()).contains("limit of 1048576 bytes", "max-upload-bytes");
    }
}
