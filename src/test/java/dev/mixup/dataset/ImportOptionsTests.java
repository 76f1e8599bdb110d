package dev.mixup.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImportOptionsTests {

    @Test
    void defaultsAreXAndY() {
        assertThat(ImportOptions.defaults()).isEqualTo(new ImportOptions("x", List.of("y"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "lam", "index1", "index2", "cut", "box"})
    void labelsCannotTakeTheNameOfABatchMember(String name) {
        assertThatThrownBy(() -> new ImportOptions("images", List.of("y", name), null)).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("label member '" + name + "' would clash with a batch member");
    }

    @Test
    void labelsAreDistinctAndNotTheImages() {
        assertThatThrownBy(() -> new ImportOptions("x", List.of("y", "y"), null)).hasMessageContaining("names a member twice");
        assertThatThrownBy(() -> new ImportOptions("x", List.of(), null)).hasMessageContaining("at least one label");
        assertThatThrownBy(() -> new ImportOptions("a", List.of("a"), null)).hasMessageContaining("both the images");
        assertThatThrownBy(() -> new ImportOptions(" ", List.of("y"), null)).hasMessageContaining("x must name");
    }

    @Test
    void numClassesIsBounded() {
        assertThatThrownBy(() -> new ImportOptions("x", List.of("y"), 0)).hasMessageContaining("num_classes must be in [1, ");
        assertThatThrownBy(() -> new ImportOptions("x", List.of("y"), ImportOptions.MAX_CLASSES + 1))
                .hasMessageContaining("num_classes");
        assertThat(new ImportOptions("x", List.of("y"), ImportOptions.MAX_CLASSES).numClasses()).isEqualTo(ImportOptions.MAX_CLASSES);
    }
}
