/* The kernel's floor for writing a built site: recreates a tree of folders and files of given
 * sizes from one buffer in memory, on THREADS threads, doing nothing else (no reading, no
 * rendering), and prints the seconds it took.
 *
 *     cc -O2 -pthread -o write_floor benchmarks/write_floor.c
 *     ./write_floor ROOT THREADS < LIST
 *
 * LIST has a line per entry, folders first and parents before children: "d 0 PATH" for a folder,
 * "f SIZE PATH" for a file (PATH relative to ROOT; find's -printf "%y %s %P\n" writes it).
 * benchmarks/run.py writes the list of each tool's output and times the copy beside the builds.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char buffer[1 << 20];
static char **paths;
static long *sizes;
static long count;
static int threads;
static const char *root;

static void write_file(const char *relative, long size) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root, relative);
    int descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (descriptor < 0) { perror(path); exit(1); }
    while (size > 0) {
        long chunk = size < (long)sizeof buffer ? size : (long)sizeof buffer;
        long written = write(descriptor, buffer, chunk);
        if (written <= 0) { perror(path); exit(1); }
        size -= written;
    }
    close(descriptor);
}

static void *worker(void *argument) {
    long first = (long)argument;
    for (long index = first; index < count; index += threads) write_file(paths[index], sizes[index]);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s ROOT THREADS < LIST\n", argv[0]); return 2; }
    root = argv[1];
    threads = atoi(argv[2]);
    if (threads < 1) threads = 1;
    memset(buffer, 'x', sizeof buffer);
    long capacity = 1024;
    paths = malloc(capacity * sizeof *paths);
    sizes = malloc(capacity * sizeof *sizes);
    char **folders = malloc(capacity * sizeof *folders);
    long folderCount = 0, folderCapacity = capacity;
    char line[8192];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        char kind;
        long size;
        int offset = 0;
        if (sscanf(line, "%c %ld %n", &kind, &size, &offset) < 2 || offset == 0) continue;
        if (kind == 'd') {
            if (folderCount == folderCapacity) folders = realloc(folders, (folderCapacity *= 2) * sizeof *folders);
            folders[folderCount++] = strdup(line + offset);
        } else if (kind == 'f') {
            if (count == capacity) {
                capacity *= 2;
                paths = realloc(paths, capacity * sizeof *paths);
                sizes = realloc(sizes, capacity * sizeof *sizes);
            }
            paths[count] = strdup(line + offset);
            sizes[count++] = size;
        }
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    mkdir(root, 0755);
    char path[8192];
    for (long index = 0; index < folderCount; index++) {
        snprintf(path, sizeof path, "%s/%s", root, folders[index]);
        if (mkdir(path, 0755) != 0) { perror(path); return 1; }
    }
    pthread_t workers[64];
    if (threads > 64) threads = 64;
    for (long index = 0; index < threads; index++) pthread_create(&workers[index], NULL, worker, (void *)index);
    for (int index = 0; index < threads; index++) pthread_join(workers[index], NULL);
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("%.3f\n", (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
    return 0;
}
