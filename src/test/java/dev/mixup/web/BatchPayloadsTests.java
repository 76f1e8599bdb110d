package dev.mixup.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import dev.mixup.core.Box;
import dev.mixup.core.Mixup;
import dev.mixup.core.Pairs;
import dev.mixup.npy.NpyDtype;
import dev.mixup.session.Batch;
import dev.mixup.session.InvalidSessionException;
import dev.mixup.session.OutputArray;
import org.junit.jupiter.api.Test;

/** The members of a batch payload: x, the labels, and with provenance lam, index1, index2, cut and box. */
class BatchPayloadsTests {

    private static Batch batch(String labelName) {
        OutputArray x = new OutputArray("x", NpyDtype.FLOAT32, new long[] {2, 1, 1}, new byte[8]);
        OutputArray y = new OutputArray(labelName, NpyDtype.FLOAT32, new long[] {2, 1}, new byte[8]);
        Pairs pairs = new Pairs(3, 1, new int[] {4, 5}, new int[] {6, 7});
        Mixup.Provenance provenance = new Mixup.Provenance(pairs, new float[] {0.75f, 1f}, new Box[] {new Box(1, 2, 3, 4), null});
        return new Batch(3, 1, x, List.of(y), provenance);
    }

    @Test
    void provenanceAddsCutAndBoxAfterTheWeightsAndIndices() {
        List<OutputArray> members = BatchPayloads.members(batch("y"), true);
        assertThat(members).extracting(OutputArray::name).containsExactly("x", "y", "lam", "index1", "index2", "cut", "box");
        OutputArray cut = members.get(5);
        assertThat(cut.dtype()).isEqualTo(NpyDtype.UINT8);
        assertThat(cut.shape()).containsExactly(2);
        assertThat(cut.data()).containsExactly(1, 0);
        OutputArray box = members.get(6);
        assertThat(box.dtype()).isEqualTo(NpyDtype.INT32);
        assertThat(box.shape()).containsExactly(2, 4);
        ByteBuffer corners = ByteBuffer.wrap(box.data()).order(ByteOrder.LITTLE_ENDIAN);
        int[] values = new int[8];
        for (int i = 0; i < 8; i++) {
            values[i] = corners.getInt(i * Integer.BYTES);
        }
        assertThat(values).as("(y0, x0, y1, x1), zeros where not cut").containsExactly(1, 2, 3, 4, 0, 0, 0, 0);
        assertThat(BatchPayloads.members(batch("y"), false)).extracting(OutputArray::name).containsExactly("x", "y");
    }

    @Test
    void aLabelStoredUnderAProvenanceNameIsAProblemOnlyWithProvenance() {
        for (String name : List.of("cut", "box")) {
            assertThat(BatchPayloads.members(batch(name), false)).hasSize(2);
            assertThatThrownBy(() -> BatchPayloads.members(batch(name), true)).isInstanceOf(InvalidSessionException.class)
                    .hasMessageContaining("label array '" + name + "' has the name of a provenance array");
        }
    }
}
