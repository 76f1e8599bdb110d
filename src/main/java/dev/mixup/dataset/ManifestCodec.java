package dev.mixup.dataset;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@code manifest.json}: the dataset's JSON as the API shows it, with one more
 * member, {@code files}, mapping each stored file to its {@code bytes} and {@code sha256}.
 */
@Component
class ManifestCodec {

    static final String FILE = "manifest.json";
    private static final String FILES = "files";

    private final JsonMapper json;

    ManifestCodec(JsonMapper json) {
        this.json = json;
    }

    byte[] write(StoredDataset dataset) {
        ObjectNode node = json.valueToTree(dataset.manifest());
        ObjectNode files = node.putObject(FILES);
        dataset.files().forEach((name, file) -> files.putObject(name).put("bytes", file.bytes()).put("sha256", file.sha256()));
        return json.writeValueAsBytes(node);
    }

    StoredDataset read(byte[] bytes) {
        ObjectNode node = (ObjectNode) json.readTree(bytes);
        JsonNode files = node.remove(FILES);
        Map<String, StoredFile> stored = new LinkedHashMap<>();
        if (files != null) {
            for (Map.Entry<String, JsonNode> file : files.properties()) {
                stored.put(file.getKey(), new StoredFile(file.getValue().get("bytes").asLong(), file.getValue().get("sha256").asString()));
            }
        }
        return new StoredDataset(json.treeToValue(node, DatasetManifest.class), stored);
    }
}
