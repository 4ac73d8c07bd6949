package com.actionbridge.channel.wecom;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /WW_verify_<code>.txt}: serves the WeCom domain verification files listed in
 * {@code actionbridge.wecom.verify-files}; any other name, or none configured, is 404.
 */
@RestController
@EnableConfigurationProperties(WeComVerifyFileProperties.class)
public class WeComVerifyFileController {

    private final Map<String, String> files;

    public WeComVerifyFileController(WeComVerifyFileProperties properties) {
        this.files = properties.verifyFiles().stream().collect(Collectors.toUnmodifiableMap(
                WeComVerifyFileProperties.VerifyFile::name, WeComVerifyFileProperties.VerifyFile::content));
    }

    @GetMapping(path = "/{name:WW_verify_[A-Za-z0-9]+\\.txt}")
    public ResponseEntity<String> file(@PathVariable String name) {
        String content = files.get(name);
        if (content == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).cacheControl(CacheControl.noCache())
                .body(content);
    }
}
