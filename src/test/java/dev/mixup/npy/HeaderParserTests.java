package dev.mixup.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.ByteOrder;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dict grammar, on header texts NumPy would not necessarily write. */
class HeaderParserTests {

    private static final NpyHeader F4_3X4 = new NpyHeader(NpyDtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, new long[] {3, 4});

    @ParameterizedTest
    @ValueSource(strings = {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }                        \n",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4)}\n",
            "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (3, 4)}\n",
            "{'shape': (3, 4), 'descr': '<f4', 'fortran_order': False}\n",
            "{'fortran_order':False,'shape':(3,4),'descr':'<f4',}\n",
            " \t{\n 'descr' : '<f4' ,\r\n\t'fortran_order' :\fFalse , 'shape' : ( 3 ,\n 4 , ) ,\n } \t \n",
            "{'descr': \"<f4\", 'fortran_order': False, 'shape': (3, 4,)}\n\n\n",
    })
    void acceptsAnyLayoutPythonAccepts(String text) throws NpyFormatException {
        assertThat(HeaderParser.parse(text)).isEqualTo(F4_3X4);
    }

    @Test
    void readsScalarsVectorsAndFortranOrder() throws NpyFormatException {
        assertThat(HeaderParser.parse("{'descr': '>i8', 'fortran_order': True, 'shape': ()}\n"))
                .isEqualTo(new NpyHeader(NpyDtype.INT64, ByteOrder.BIG_ENDIAN, true, new long[0]));
        assertThat(HeaderParser.parse("{'descr': '|u1', 'fortran_order': False, 'shape': ( ) }\n").shape()).isEmpty();
        assertThat(HeaderParser.parse("{'descr': '|u1', 'fortran_order': False, 'shape': (5 ,)}\n").shape())
                .containsExactly(5);
        assertThat(HeaderParser.parse("{'descr': '|u1', 'fortran_order': False, 'shape': (0, 9223372036854775807)}\n")
                .elementCount()).isZero();
    }

    @Test
    void acceptsThirtyTwoDimensionsButNotMore() throws NpyFormatException {
        String ones = String.join(", ", Collections.nCopies(32, "1"));
        assertThat(HeaderParser.parse("{'descr': '<f8', 'fortran_order': False, 'shape': (" + ones + ")}\n").shape())
                .hasSize(32);
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> HeaderParser.parse("{'descr': '<f8', 'fortran_order': False, 'shape': (" + ones + ", 1)}\n"))
                .withMessage("invalid .npy header: shape has 33 dimensions; at most 32 are supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            // the dict
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }; it does not end with a newline",
            "[('descr', '<f4')]\\n;                     expected '{' at character 0 but found '[(\\'descr\\',...'",
            "{'descr': '<f4', 'fortran_order': False}\\n; the key 'shape' is missing",
            "{}\\n;                                     the key 'descr' is missing",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'version': 1}\\n;"
                    + " unexpected key 'version'; a header has exactly the keys [descr, fortran_order, shape]",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,)}\\n; the key 'descr' appears twice",
            "{'descr': '<f4' 'fortran_order': False, 'shape': (3,)}\\n; expected ',' at character 16 but found '\\'fortran_o...'",
            "{'descr': '<f4',, 'fortran_order': False, 'shape': (3,)}\\n; expected a quoted string at character 16",
            "{,}\\n;                                    expected a quoted string at character 1 but found ',}\\n'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x\\n; expected only spaces after '}' at character 56",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}{}\\n; expected only spaces after '}'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4  # a comment\\n)}\\n; expected ',' or ')' in 'shape'",
            "{descr: '<f4', 'fortran_order': False, 'shape': (3,)}\\n; expected a quoted string at character 1",
            // strings
            "{'descr': '\\x3cf4', 'fortran_order': False, 'shape': (3,)}\\n; expected a string without escapes or line breaks",
            "{'descr': '<f4\\n; expected a string without escapes or line breaks",
            "{'descr': b'<f4', 'fortran_order': False, 'shape': (3,)}\\n; expected a quoted string at character 10 but found 'b\\'<f4\\', \\'f...'",
            // fortran_order
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}\\n; expected True or False for 'fortran_order' at character 34",
            "{'descr': '<f4', 'fortran_order': true, 'shape': (3,)}\\n; expected True or False for 'fortran_order'",
            "{'descr': '<f4', 'fortran_order': Falsey, 'shape': (3,)}\\n; expected True or False for 'fortran_order'",
            // shape
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3)}\\n;"
                    + " 'shape' is (3), which Python reads as an integer; a one-dimensional shape is written (3,)",
            "{'descr': '<f4', 'fortran_order': False, 'shape': [3]}\\n; 'shape' is a list; it must be a tuple such as (2, 3)",
            "{'descr': '<f4', 'fortran_order': False, 'shape': 3}\\n; expected '(' at character 50",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -1)}\\n; 'shape' has a negative dimension",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3L,)}\\n; expected ',' or ')' in 'shape' at character 52 but found 'L,)}\\n'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,)}\\n; expected ',' or ')' in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1_000,)}\\n; expected ',' or ')' in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (0x10,)}\\n; expected ',' or ')' in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (+3,)}\\n; expected a non-negative integer in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (,)}\\n; expected a non-negative integer in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,,)}\\n; expected a non-negative integer in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4}\\n; expected ',' or ')' in 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (007,)}\\n;"
                    + " 'shape' has the dimension '007', which has a leading zero and is not a Python integer",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775808,)}\\n;"
                    + " 'shape' has the dimension '9223372036854775808', which does not fit in 64 bits",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}\\n;"
                    + " shape (4294967296, 4294967296) float64 is absurdly large",
            // descr
            "{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (3,)}\\n;"
                    + " unsupported dtype: structured (record) arrays with named fields are not supported",
            "{'descr': ('<f4', (2,)), 'fortran_order': False, 'shape': (3,)}\\n; expected a quoted string at character 10",
            "{'descr': '|O', 'fortran_order': False, 'shape': (3,)}\\n; unsupported dtype: '|O' holds Python objects, stored as a pickle",
    })
    void rejectsWithASpecificMessage(String text, String message) {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> HeaderParser.parse(text.replace("\\n", "\n")))
                .withMessageContaining(message);
    }

    @Test
    void quotesTheHeaderInSyntaxErrors() {
        assertThatExceptionOfType(NpyFormatException.class)
                .isThrownBy(() -> HeaderParser.parse("{'descr': '<f4', 'fortran_order': Nope, 'shape': (3,)}\n"))
                .withMessage("invalid .npy header '{\\'descr\\': \\'<f4\\', \\'fortran_order\\': Nope, \\'shape\\': (3,)}\\n':"
                        + " expected True or False for 'fortran_order' at character 34 but found 'Nope, \\'sha...'");
    }
}
