package com.actionbridge.sandbox;

import com.actionbridge.PublicUrl;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.BiFunction;

/** The sandbox's copy of the platform's two endpoints, behind the sandbox's bearer token. */
@SandboxOnly
@RestController
@RequestMapping(SandboxApiController.BASE)
class SandboxApiController {

    static final String BASE = "/sandbox";
    private static final int SUCCESS = 2000;
    private static final Logger log = LoggerFactory.getLogger(SandboxApiController.class);

    private final SandboxPlatform platform;
    private final SandboxToken token;
    private final ObjectMapper mapper;
    private final PublicUrl publicUrl;

    SandboxApiController(SandboxPlatform platform, SandboxToken token, ObjectMapper mapper, PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        this.platform = platform;
        this.token = token;
        this.mapper = mapper;
    }

    @PostMapping("/v1/api/AI-action/ai_actions")
    ResponseEntity<String> v1(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                              @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return handle("v1", authorization, body, request, platform::answer);
    }

    @PostMapping("/v2/api/AI-action/ai_actions")
    ResponseEntity<String> v2(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                              @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return handle("v2", authorization, body, request, platform::startDialogue);
    }

    private ResponseEntity<String> handle(String endpoint, String authorization, byte[] body, HttpServletRequest request,
                                          BiFunction<JsonNode, String, SandboxPlatform.Outcome> call) {
        if (!token.accepts(authorization)) {
            log.debug("sandbox {}: refused a request without the sandbox token", endpoint);
            return envelope(HttpStatus.UNAUTHORIZED, HttpStatus.UNAUTHORIZED.value(), null, "token 无效或缺失");
        }
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JacksonException e) {
            return envelope(HttpStatus.OK, SandboxPlatform.REJECTED, null, "请求体不是合法的 JSON");
        }
        String sandboxUrl = publicUrl.base(request) + BASE;
        SandboxPlatform.Outcome outcome = call.apply(json, sandboxUrl);
        if (outcome.rejection() != null) {
            log.debug("sandbox {}: rejected: {}", endpoint, outcome.rejection());
            return envelope(HttpStatus.OK, SandboxPlatform.REJECTED, null, outcome.rejection());
        }
        log.debug("sandbox {}: chat_id={}, status={}", endpoint, outcome.data().get("chat_id"),
                outcome.data().get("status"));
        return envelope(HttpStatus.OK, SUCCESS, outcome.data(), "成功");
    }

    private ResponseEntity<String> envelope(HttpStatus http, int code, ObjectNode data, String msg) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("Code", code);
        if (data == null) {
            envelope.putNull("Data");
        } else {
            envelope.set("Data", data);
        }
        envelope.put("Msg", msg);
        return ResponseEntity.status(http).contentType(MediaType.APPLICATION_JSON)
                .body(mapper.writeValueAsString(envelope));
    }
}
