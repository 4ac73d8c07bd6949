package com.actionbridge.bench;

import com.actionbridge.action.FakeUpstream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The benchmark's yardsticks: the empty endpoint, and the relay that does a turn's I/O without the engine. */
class ReferenceEndpointTest {

    @Test
    void theRelayPostsTheBodyToTheUpstreamAndAnswersWithTheUpstreamsAnswer() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream().then(FakeUpstream.ok("{\"status\":\"action_done\"}"))) {
            ReferenceEndpoint endpoint = new ReferenceEndpoint(upstream.baseUrl() + "/");
            MockMvc mvc = MockMvcBuilders.standaloneSetup(endpoint).build();

            MvcResult started = mvc.perform(post("/bench/relay").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"user_id\":\"u1\",\"text\":\"hi\"}")).andExpect(request().asyncStarted()).andReturn();
            MockHttpServletResponse response = completed(started);

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentType()).isEqualTo("application/json");
            assertThat(response.getContentAsString())
                    .isEqualTo("{\"Code\":2000,\"Data\":{\"status\":\"action_done\"},\"Msg\":\"成功\"}");
            assertThat(upstream.received()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/bench/relay");
                assertThat(r.body()).isEqualTo("{\"user_id\":\"u1\",\"text\":\"hi\"}");
            });
            endpoint.destroy();
        }
    }

    @Test
    void anUnreachableUpstreamIsA502AndNoUpstreamAtAllA503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ReferenceEndpoint down = new ReferenceEndpoint("http://127.0.0.1:" + closedPort);
        MvcResult started = MockMvcBuilders.standaloneSetup(down).build().perform(post("/bench/relay").content("{}"))
                .andReturn();
        assertThat(completed(started).getStatus()).isEqualTo(502);
        down.destroy();

        MockMvc none = MockMvcBuilders.standaloneSetup(new ReferenceEndpoint("")).build();
        none.perform(post("/bench/relay").content("{}")).andExpect(status().isServiceUnavailable());
        none.perform(post("/bench/reference")).andExpect(status().isOk());
    }

    /** The response once the relay completed the request's async processing. */
    private static MockHttpServletResponse completed(MvcResult started) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !started.getRequest().isAsyncStarted());
        return started.getResponse();
    }
}
