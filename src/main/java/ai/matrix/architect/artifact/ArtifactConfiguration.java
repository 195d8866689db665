package ai.matrix.architect.artifact;

import ai.matrix.architect.config.ArchitectProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ArtifactConfiguration {
    @Bean
    @ConditionalOnMissingBean
    BlobStore blobStore(ArchitectProperties props) {
        return new FilesystemBlobStore(props.artifacts());
    }
}
