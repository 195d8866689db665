package ai.matrix.architect.secret;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The server's own log output is masked too: every Logback appender that writes a stream (console, file; plain
 * or JSON) gets its encoder wrapped so that secret values are replaced before the bytes leave the process.
 */
@Component
class LogRedaction implements ApplicationListener<ApplicationStartedEvent> {
    private final Redactor redactor;

    LogRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                        && !(appender.getEncoder() instanceof Redacting)) {
                    appender.setEncoder(new Redacting(appender.getEncoder(), redactor));
                }
            }
        }
    }

    static final class Redacting extends EncoderBase<ILoggingEvent> {
        private final Encoder<ILoggingEvent> inner;
        private final Redactor redactor;

        Redacting(Encoder<ILoggingEvent> inner, Redactor redactor) {
            this.inner = inner;
            this.redactor = redactor;
            setContext(((ch.qos.logback.core.spi.ContextAware) inner).getContext());
        }

        @Override
        public byte[] headerBytes() {
            return inner.headerBytes();
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            byte[] bytes = inner.encode(event);
            if (bytes == null || !redactor.active()) return bytes;
            String text = new String(bytes, StandardCharsets.UTF_8);
            String clean = redactor.redact(text);
            return clean.equals(text) ? bytes : clean.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return inner.footerBytes();
        }
    }
}
