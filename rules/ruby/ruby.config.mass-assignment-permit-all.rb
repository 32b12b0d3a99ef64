class UsersController < ApplicationController
  def update
    # ruleid: ruby.config.mass-assignment-permit-all
    @user.update(params.require(:user).permit!)
    # ruleid: ruby.config.mass-assignment-permit-all
    Profile.create(params.permit!)
    # ok: ruby.config.mass-assignment-permit-all
    @user.update(params.require(:user).permit(:name, :email))
    # ok: ruby.config.mass-assignment-permit-all
    Profile.create(params.permit(:bio))
  end
end
