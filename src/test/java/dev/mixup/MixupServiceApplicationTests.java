package dev.mixup;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class MixupServiceApplicationTests {
    @Test
    void contextLoads() {
    }
}
