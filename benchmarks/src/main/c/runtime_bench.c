/* runtime_bench: the C/libbpf side of org.bpf4j.bench.RuntimeBenchmark, same work, same output.
 *
 * build: gcc -O2 runtime_bench.c -o runtime_bench -lbpf -lpthread
 * usage: runtime_bench PRODUCER.bpf.o LOAD.bpf.o
 * Output lines: bench name=N ops_per_s=X, bench name=N count=X or bench name=N ms=X
 */
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <time.h>

#define ENTRIES 100000
#define RECORDS 2000000
#define LOADS 200

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static void map_ops(void) {
  int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_hash", 4, 8, ENTRIES, NULL);
  uint64_t v = 0;
  double t0 = now();
  for (uint32_t k = 0; k < ENTRIES; k++) { v = k; bpf_map_update_elem(fd, &k, &v, BPF_ANY); }
  for (uint32_t k = 0; k < ENTRIES; k++) bpf_map_lookup_elem(fd, &k, &v);
  printf("bench name=map_update_lookup_single ops_per_s=%.0f\n", 2 * ENTRIES / (now() - t0));

  uint32_t *keys = malloc(ENTRIES * 4); uint64_t *vals = malloc(ENTRIES * 8);
  for (uint32_t k = 0; k < ENTRIES; k++) { keys[k] = k; vals[k] = k * 2; }
  t0 = now();
  for (uint32_t at = 0; at < ENTRIES; at += 1024) {
    uint32_t n = ENTRIES - at < 1024 ? ENTRIES - at : 1024;
    bpf_map_update_batch(fd, keys + at, vals + at, &n, NULL);
  }
  uint32_t out_batch = 0, count, total = 0; void *in = NULL;
  for (;;) {
    count = 1024;
    int err = bpf_map_lookup_batch(fd, in, &out_batch, keys, vals, &count, NULL);
    total += count; in = &out_batch;
    if (err) break;
  }
  printf("bench name=map_update_lookup_batched ops_per_s=%.0f\n", (ENTRIES + total) / (now() - t0));
  free(keys); free(vals);
}

static int prog_fd;
static volatile int produced;
static void *produce(void *arg) {
  char data[64] = {0};
  LIBBPF_OPTS(bpf_test_run_opts, r, .data_in = data, .data_size_in = sizeof data, .repeat = RECORDS);
  bpf_prog_test_run_opts(prog_fd, &r);
  produced = 1;
  return NULL;
}
static long received;
static int on_record(void *ctx, void *data, size_t len) { received++; return 0; }

static void ringbuf(const char *path) {
  struct bpf_object *o = bpf_object__open_file(path, NULL);
  if (!o || bpf_object__load(o)) { printf("error msg=producer_load_failed\n"); exit(1); }
  prog_fd = bpf_program__fd(bpf_object__find_program_by_name(o, "produce"));
  struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(o, "events")), on_record, NULL, NULL);
  pthread_t t;
  double t0 = now();
  pthread_create(&t, NULL, produce, NULL);
  while (!produced) ring_buffer__poll(rb, 50);
  pthread_join(t, NULL);
  ring_buffer__consume(rb);
  printf("bench name=ringbuf_records ops_per_s=%.0f\n", received / (now() - t0));
  unsigned long long dropped = 0; unsigned zero = 0;
  bpf_map_lookup_elem(bpf_map__fd(bpf_object__find_map_by_name(o, "drops")), &zero, &dropped);
  printf("bench name=ringbuf_dropped count=%llu\n", dropped);
  ring_buffer__free(rb);
  bpf_object__close(o);
}

static void load_time(const char *path) {
  double t0 = now();
  for (int i = 0; i < LOADS; i++) {
    struct bpf_object *o = bpf_object__open_file(path, NULL);
    if (!o || bpf_object__load(o)) { printf("error msg=load_failed\n"); exit(1); }
    bpf_object__close(o);
  }
  printf("bench name=open_load_close ms=%.3f\n", (now() - t0) * 1000 / LOADS);
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: runtime_bench PRODUCER.bpf.o LOAD.bpf.o\n"); return 2; }
  libbpf_set_print(NULL);
  map_ops();
  ringbuf(argv[1]);
  load_time(argv[2]);
  return 0;
}
