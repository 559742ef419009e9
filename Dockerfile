# syntax=docker/dockerfile:1
# Build: docker build -t secret-stage-service .   (or: docker compose up --build)

FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY db db
COPY openapi.json ./
COPY src src
RUN ./mvnw -B -ntp -q -DskipTests package \
    && java -Djarmode=tools -jar target/secret-stage-service-*.jar extract --layers --destination target/extracted \
        --application-filename app.jar

FROM eclipse-temurin:25-jre
# curl only for the container health check below.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
# One layer per rate of change: dependencies change least, the application most. Extracted, the
# application runs on the JDK's own class path (app.jar names lib/ in its manifest): faster to start
# and to serve than Spring Boot's nested-jar class loader (bench/RESULTS.md).
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# The JVM settings, one file for the image and the benchmark (bench/run.sh measures with them):
# the parallel collector (more throughput and a lower p99 than G1 on the read path, bench/RESULTS.md)
# and three quarters of the container's memory for the heap.
COPY jvm.options ./
USER app
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "@jvm.options", "-jar", "app.jar"]
