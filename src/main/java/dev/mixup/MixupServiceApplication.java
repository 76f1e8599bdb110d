package dev.mixup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MixupServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MixupServiceApplication.class, args);
    }
}
