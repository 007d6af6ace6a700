// Saved AWS profiles (runbook targets), fed by 'aws.profiles' and 'awsProfiles.changed'. Names
// only: the keys stay in the responder's AWS files.
import { create } from 'zustand'
import type { AwsProfileTarget, Params } from '../../../shared/contract'
import { api } from '../api'
import { reportError } from './toastStore'

interface AwsProfilesState {
  profiles: AwsProfileTarget[]
  load(): Promise<void>
  /** Throws main's error, so the form can show it. */
  save(p: Params<'aws.saveProfile'>): Promise<AwsProfileTarget>
  remove(id: string): Promise<void>
}

let subscribed = false

export const useAwsProfiles = create<AwsProfilesState>()((set) => ({
  profiles: [],
  async load() {
    if (!subscribed) {
      subscribed = true
      api.on('awsProfiles.changed', (profiles) => set({ profiles }))
    }
    try {
      set({ profiles: await api.call('aws.profiles', {}) })
    } catch (err) {
      reportError('action.failed.loadAwsProfiles', err)
    }
  },
  async save(p) {
    return api.call('aws.saveProfile', p)
  },
  async remove(id) {
    await api.call('aws.removeProfile', { id })
  },
}))
