package dev.mixup.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Batches are megabytes and uploads hundreds of them: Tomcat's 8 KB socket buffers would make a
 * system call per 8 KB. 64 KB direct buffers cut those eightfold and spare the JDK's copy of a heap
 * buffer into a direct one on every write, for 128 KB off-heap per open connection.
 */
@Component
class SocketBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.directBuffer", "true");
            connector.setProperty("socket.appReadBufSize", Integer.toString(BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(BUFFER_BYTES));
        });
    }
}
