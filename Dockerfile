# The monitor's image: the shaded jar on a JRE. Build the jar first (mvn -B -q package -DskipTests);
# docker compose builds this image from it.
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/jeugdmonitor.jar /app/jeugdmonitor.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/jeugdmonitor.jar"]
