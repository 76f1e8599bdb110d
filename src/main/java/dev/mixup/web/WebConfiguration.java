package dev.mixup.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** How request bodies are read. */
@Configuration
class WebConfiguration implements WebMvcConfigurer {

    /**
     * The API speaks JSON (and NumPy); a YAML body would be read by another parser, around the JSON rules
     * of {@link JsonConfiguration}.
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
        converters.configureMessageConvertersList(list -> list.removeIf(converter -> converter.getSupportedMediaTypes().stream()
                .anyMatch(type -> type.getSubtype().endsWith("yaml"))));
    }
}
