package com.actionbridge.bench;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /bench/reference}: an empty 200, the yardstick the benchmark compares the callbacks with (the same
 * web stack, filters and threads, no work). Exists only with {@code actionbridge.bench.reference-endpoint=true}.
 */
@RestController
@ConditionalOnBooleanProperty("actionbridge.bench.reference-endpoint")
public class ReferenceEndpoint {

    @PostMapping("/bench/reference")
    public ResponseEntity<Void> reference() {
        return ResponseEntity.ok().build();
    }
}
