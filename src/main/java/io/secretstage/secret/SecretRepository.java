package io.secretstage.secret;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.secretstage.error.ApiException;
import io.secretstage.error.ErrorCode;
import io.secretstage.stagecache.StageRow;
import io.secretstage.web.SecretId;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import org.hibernate.jpa.HibernateHints;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.Repository;

/**
 * Secrets, the one-statement stage lookup of the read path, and the read that fills the
 * stage cache.
 */
interface SecretRepository extends Repository<Secret, Long> {

	/**
	 * Find a secret and all its stages in a single statement: no rows when the secret
	 * does not exist, one row without a stage when it has none.
	 * @param projectId the project the secret is in
	 * @param secretName the secret's name
	 * @return one row per stage, or one without a stage, or none
	 */
	@Query("""
			select new io.secretstage.stagecache.StageRow(s.projectId, s.name, s.scheduledDeleteTime, st.key.name, st.versionId,
			    st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id
			where s.projectId = :projectId and s.name = :secretName""")
	List<StageRow> findStages(String projectId, String secretName);

	/**
	 * Every secret with all its stages, the rows of one secret next to each other: what
	 * the stage cache is filled with. Read from a cursor, a thousand rows at a time; call
	 * it in a transaction and close the stream.
	 * @return the rows, to be closed
	 */
	@Query("""
			select new io.secretstage.stagecache.StageRow(s.projectId, s.name, s.scheduledDeleteTime, st.key.name, st.versionId,
			    st.updateTime)
			from Secret s left join SecretStage st on st.key.secretId = s.id
			order by s.id""")
	@QueryHints(@QueryHint(name = HibernateHints.HINT_FETCH_SIZE, value = "1000"))
	Stream<StageRow> streamStages();

	Optional<Secret> findByProjectIdAndName(String projectId, String name);

	/**
	 * Find a secret to read: one whose scheduled deletion time has come is gone, purged
	 * or not.
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @param now the time
	 * @return the secret
	 * @throws ApiException 404 if there is no such secret
	 */
	default Secret findPresent(String projectId, String name, Instant now) {
		return findByProjectIdAndName(projectId, name).filter((secret) -> !secret.isGoneAt(now))
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
	}

	/**
	 * A page of a project's secrets that are not gone, by name in byte order, after a
	 * name: served by the unique index on project and name ({@code COLLATE "C"}), never
	 * counting the project's secrets.
	 * @param projectId the project
	 * @param after the name to list after, {@code ""} for the first page
	 * @param now the secrets whose scheduled deletion time has come by then are left out
	 * @param limit how many to read
	 * @return the page
	 */
	@Query("""
			select s from Secret s
			where s.projectId = :projectId and s.name > :after
			  and (s.scheduledDeleteTime is null or s.scheduledDeleteTime > :now)
			order by s.name""")
	List<Secret> findPage(String projectId, String after, Instant now, Limit limit);

	/**
	 * Lock secrets whose scheduled deletion time has come, skipping those another
	 * transaction holds: of several instances purging at once, each purges other secrets,
	 * and none a secret twice.
	 * @param now the time
	 * @param limit how many to lock at most
	 * @return the secrets, locked until the transaction ends
	 */
	@Query(nativeQuery = true, value = """
			select * from secret where scheduled_delete_time <= :now
			order by scheduled_delete_time limit :limit for update skip locked""")
	List<Secret> lockDue(Instant now, int limit);

	/**
	 * Find a secret and lock its row until the transaction ends: every write to a secret,
	 * its versions or its stages takes this lock first, so writes to one secret happen
	 * one at a time.
	 * @param projectId the project the secret is in
	 * @param name the secret's name
	 * @return the secret, locked, or empty if there is none
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Secret s where s.projectId = :projectId and s.name = :name")
	Optional<Secret> findForUpdate(String projectId, String name);

	/**
	 * Find a secret by its id and lock its row until the transaction ends, as
	 * {@link #findForUpdate} does by name.
	 * @param projectId the project the secret must be in
	 * @param publicId the secret's id
	 * @return the secret, locked, or empty if the project has none of that id
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Secret s where s.projectId = :projectId and s.publicId = :publicId")
	Optional<Secret> findForUpdateById(String projectId, UUID publicId);

	Optional<Secret> findByProjectIdAndPublicId(String projectId, UUID publicId);

	/**
	 * Find a secret to read by its id: only in that project, and not once its scheduled
	 * deletion time has come.
	 * @param projectId the project the secret must be in
	 * @param publicId the secret's id
	 * @param now the time
	 * @return the secret
	 * @throws ApiException 404 if the project has no such secret
	 */
	default Secret findPresentById(String projectId, SecretId publicId, Instant now) {
		return publicId.uuid()
			.flatMap((id) -> findByProjectIdAndPublicId(projectId, id))
			.filter((secret) -> !secret.isGoneAt(now))
			.orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND));
	}

	List<Secret> findByIdIn(Collection<Long> ids);

	Secret saveAndFlush(Secret secret);

	/**
	 * Delete a secret, its versions and stages with it, now rather than at the flush.
	 * @param id the secret's database id
	 */
	@Modifying(flushAutomatically = true)
	@Query("delete from Secret s where s.id = :id")
	void deleteNow(long id);

}
